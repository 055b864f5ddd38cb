"""Generate a synthetic, consistent portfolio of roadmap files for benchmarks.

    python bench/generate.py OUT_DIR --items 10000 --files 200 [--seed 2026] [--force]

Writes ``owners.yaml`` and ``--files`` roadmap files (``roadmap-NNNN.yaml``) holding exactly
``--items`` stages and tasks in the public file format (docs/format.md): nested tasks up to three
levels deep, Kazakh, Russian and English titles and notes, both date notations, ``depends_on``
chains within a roadmap and across roadmaps.  The same seed always gives the same bytes.

The portfolio is built to be *valid* as of :data:`TODAY` (2026-11-26), so that
``sezctl check OUT_DIR --today 2026-11-26`` reports no errors and no warnings:

* dates are laid out top-down on a timeline: a parent spans its children, children run in
  "waves", and every item of a wave starts when the previous wave has finished and depends on
  items of that wave, so every deadline is strictly after its prerequisites' deadlines and
  dependency edges can never form a cycle (deadlines strictly increase along every edge);
  cross-roadmap links only point to earlier roadmaps whose deadline is before the item's start;
* completion is simulated in dependency order (children and prerequisites first): an item is
  done only if everything it waits for is done (or cancelled) and its finishing date, never
  before its start or its prerequisites' and tasks' dates, is not after TODAY;
* open items whose deadline has passed are overdue: about a fifth of all items.

The file ``portfolio.json`` beside the YAML files records the parameters and the counts, so
``bench/run.py`` can tell whether a folder is current.  Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = 1
"""Bump when the output for a given seed changes, so stale benchmark folders are rebuilt."""

TODAY = date(2026, 11, 26)
MANIFEST = "portfolio.json"

LATENESS_DAYS = [-10, -5, 0, 3, 7, 14, 30, 45, 60, 90, 150, 240, 365]
"""Days between an item's deadline and the day it would finish if nothing held it up: most
finish within a few weeks of the deadline, many months later (tuned so that about a fifth of
all items are overdue on TODAY)."""

# -- vocabulary --------------------------------------------------------------------------------

# (slug, Kazakh, Russian, English) names of the things a special economic zone builds or arranges.
OBJECTS = [
    ("substation", "110/10 кВ қосалқы станциясы", "подстанция 110/10 кВ", "110/10 kV substation"),
    ("power-line", "10 кВ әуе желісі", "ЛЭП 10 кВ", "10 kV overhead line"),
    ("water-main", "магистральдық су құбыры", "магистральный водовод", "water main"),
    ("sewage", "кәріз желілері", "канализационные сети", "sewage network"),
    (
        "gas-pipeline",
        "орташа қысымды газ құбыры",
        "газопровод среднего давления",
        "medium-pressure gas pipeline",
    ),
    ("access-road", "АЭА-ға кіреберіс жол", "подъездная автодорога", "access road"),
    ("rail-siding", "теміржол тұйығы", "железнодорожный тупик", "railway siding"),
    ("land-plot", "жер учаскесі", "земельный участок", "land plot"),
    (
        "design-docs",
        "жобалық-сметалық құжаттама (ЖСҚ)",
        "проектно-сметная документация (ПСД)",
        "design and estimate documentation",
    ),
    (
        "expertise",
        "ЖСҚ мемлекеттік сараптамасы",
        "государственная экспертиза ПСД",
        "state expertise of the design",
    ),
    ("warehouse", "қойма кешені", "складской комплекс", "warehouse complex"),
    (
        "admin-building",
        "әкімшілік-тұрмыстық ғимарат",
        "административно-бытовой корпус",
        "administration building",
    ),
    ("fence", "аумақты қоршау", "ограждение территории", "perimeter fence"),
    ("lighting", "сыртқы жарықтандыру", "наружное освещение", "street lighting"),
    ("heat-supply", "жылумен жабдықтау желілері", "сети теплоснабжения", "heat-supply network"),
    (
        "fibre",
        "талшықты-оптикалық байланыс желісі",
        "волоконно-оптическая линия связи",
        "fibre-optic line",
    ),
    (
        "agreement",
        "қызметті жүзеге асыру туралы шарт",
        "договор об осуществлении деятельности",
        "SEZ participation agreement",
    ),
    ("workshop", "өндірістік цех", "производственный цех", "production workshop"),
    ("treatment", "тазарту құрылыстары", "очистные сооружения", "wastewater treatment plant"),
    ("customs", "кеден бекеті", "таможенный пост", "customs post"),
    ("boiler", "блокты-модульді қазандық", "блочно-модульная котельная", "modular boiler house"),
    ("checkpoint", "өткізу пункті", "контрольно-пропускной пункт", "entry checkpoint"),
]

# (slug, Kazakh pattern, Russian pattern, English pattern) of what is done with an object.
ACTIONS = [
    ("design", "{kk} жобасын әзірлеу", "Разработка проекта: {ru}", "Design the {en}"),
    (
        "survey",
        "{kk} бойынша инженерлік іздестірулер",
        "Инженерные изыскания — {ru}",
        "Engineering surveys for the {en}",
    ),
    (
        "procure",
        "{kk} бойынша мемлекеттік сатып алу",
        "Госзакупки (лот #{lot}): {ru}",
        "Procure a contractor for the {en} (lot #{lot})",
    ),
    ("approve", "{kk} келісу және бекіту", "Согласование и утверждение: {ru}", "Approve the {en}"),
    (
        "funding",
        "{kk} үшін қаржыландыру бөлу",
        "Выделение финансирования: {ru}",
        "Secure funding for the {en}",
    ),
    ("build", "{kk} құрылысы", "Строительство — {ru}", "Build the {en}"),
    (
        "install",
        "{kk} жабдығын монтаждау",
        "Монтаж оборудования: {ru}",
        "Install equipment of the {en}",
    ),
    ("connect", "{kk} желілерге қосу", "Подключение к сетям: {ru}", "Connect the {en}"),
    (
        "test",
        "{kk} сынау және іске қосу-жөндеу",
        "Испытания и ПНР — {ru}",
        "Test and commission the {en}",
    ),
    (
        "handover",
        "{kk} пайдалануға беру",
        "Ввод в эксплуатацию: {ru}",
        "Hand over the {en} for operation",
    ),
]

NOTES = [
    "Мердігер кестеден қалып барады; апта сайынғы штабта бақылауда.",
    "Подрядчик запросил перенос срока из-за поставки оборудования.",
    "Waiting for the utility's written consent; chased at the weekly HQ meeting.",
    "Қаржыландыру облыстық бюджеттен 2026 жылға қарастырылған.",
    "Срок согласован с акиматом области; риск: погодные условия (зима).",
    "Depends on the grid company's connection schedule: see the power roadmap.",
    "Құжаттар сараптамаға қайта жіберілді — ескертулер жойылды.",
    "Замечания экспертизы: 12 пунктов, 9 устранено.",
]

ZONES = ["«Ақтөбе» АЭА", "АЭА «Ақтөбе»", "SEZ “Aktobe”"]
ROADMAP_THEMES = [
    (
        "site",
        "{zone}: {n}-учаскенің инфрақұрылымы",
        "{zone}: инфраструктура участка № {n}",
        "{zone}: infrastructure of site {n}",
    ),
    (
        "investor",
        "{zone}: {n}-инвестициялық жоба",
        "{zone}: инвестиционный проект № {n}",
        "{zone}: investment project {n}",
    ),
    (
        "utilities",
        "{zone}: {n}-кезек инженерлік желілері",
        "{zone}: инженерные сети, очередь {n}",
        "{zone}: utility networks, phase {n}",
    ),
    (
        "logistics",
        "{zone}: {n}-логистикалық хаб",
        "{zone}: логистический хаб № {n}",
        "{zone}: logistics hub {n}",
    ),
]

# (Cyrillic surname stem, Latin id stem); feminine forms add "а"/"a".
SURNAMES = [
    ("Айтымбетов", "aitymbetov"),
    ("Әбдікәрімов", "abdikarimov"),
    ("Жұмабаев", "zhumabaev"),
    ("Сейітов", "seitov"),
    ("Құдайбергенов", "kudaibergenov"),
    ("Нұрланов", "nurlanov"),
    ("Оспанов", "ospanov"),
    ("Тоқтаров", "toktarov"),
    ("Бекмұхамедов", "bekmukhamedov"),
    ("Сәрсенбаев", "sarsenbaev"),
    ("Иванов", "ivanov"),
    ("Ким", "kim"),
    ("Петренко", "petrenko"),
    ("Ержанов", "erzhanov"),
    ("Қасымов", "kasymov"),
    ("Мұратов", "muratov"),
    ("Смагулов", "smagulov"),
    ("Байжанов", "baizhanov"),
    ("Есенов", "esenov"),
    ("Төлеуов", "toleuov"),
]
MALE_NAMES = [
    "Асхат",
    "Абзал",
    "Мақсат",
    "Ерлан",
    "Нұрлан",
    "Дәурен",
    "Сергей",
    "Бауыржан",
    "Алексей",
    "Ержан",
    "Талғат",
    "Руслан",
]
FEMALE_NAMES = [
    "Айгүл",
    "Гүлнара",
    "Сәуле",
    "Динара",
    "Елена",
    "Жанар",
    "Айжан",
    "Ольга",
    "Мадина",
    "Әсел",
]
ROLES = [
    "Облыстық құрылыс басқармасының бас маманы",
    "Главный специалист управления энергетики и ЖКХ",
    "Project manager, SEZ management company",
    "Басқарушы компания директорының орынбасары",
    "Руководитель отдела инвестиционных проектов",
    "Site engineer, general contractor",
    "Жер қатынастары бөлімінің басшысы",
    "Специалист по государственным закупкам",
]
BODIES = [
    ("grid", "«Ақтөбе электр желілері» өңірлік компаниясы", "Regional grid company"),
    ("water", "Су арнасы — облыстық су шаруашылығы кәсіпорны", "Water utility"),
    ("gas", "Газ тарату ұйымы", "Gas distribution operator"),
    ("construction-dept", "Облыстың құрылыс басқармасы", "Regional construction department"),
    (
        "energy-dept",
        "Управление энергетики и ЖКХ Актюбинской области",
        "Regional department of energy and utilities",
    ),
    ("land-dept", "Жер қатынастары басқармасы", "Land relations department"),
    (
        "investment-dept",
        "Управление предпринимательства и инвестиций",
        "Regional entrepreneurship and investment department",
    ),
    ("sez-company", "«Ақтөбе» АЭА басқарушы компаниясы", "SEZ management company"),
]


# -- the model being generated -----------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """One stage or task while it is generated; dates are filled in top-down."""

    id: str
    title: str
    owner: str
    duration: int = 0
    children: list[Node] = field(default_factory=list)
    waves: list[list[Node]] = field(default_factory=list)
    depends_on: list[Node] = field(default_factory=list)
    start: date | None = None
    due: date = TODAY
    baseline: date | None = None
    done: date | None = None
    status: str = "planned"
    write_status: bool = True
    write_start: bool = True
    note: str | None = None
    roadmap: str = ""

    @property
    def closed(self) -> bool:
        return self.status in ("done", "cancelled")


@dataclass
class Roadmap:
    id: str
    title: str
    owner: str
    approved: date
    stages: list[Node]
    comment: str


# -- shape and timeline ------------------------------------------------------------------------


def split_budget(rng: random.Random, budget: int, depth: int) -> list[int]:
    """Sizes of the child subtrees that together hold ``budget`` items."""
    sizes = []
    while budget > 0:
        # At most three levels (stage, task, subtask); most tasks have no subtasks.
        size = 1 if depth >= 3 or budget <= 2 else 1 + rng.choice([0, 0, 0, 0, 1, 2, 3, 4])
        size = min(size, budget)
        sizes.append(size)
        budget -= size
    return sizes


def stage_sizes(rng: random.Random, items: int) -> list[int]:
    """Subtree sizes of a roadmap's stages (each stage plus its tasks)."""
    sizes = []
    while items > 0:
        size = min(items, rng.randint(3, 12))
        sizes.append(size)
        items -= size
    return sizes


def in_waves(rng: random.Random, nodes: list[Node]) -> list[list[Node]]:
    """Group siblings into consecutive waves of parallel work (1 to 3 items each)."""
    waves, index = [], 0
    while index < len(nodes):
        width = rng.choice([1, 1, 1, 2, 2, 3])
        waves.append(nodes[index : index + width])
        index += width
    return waves


def measure(rng: random.Random, node: Node) -> int:
    """Bottom-up duration: a leaf takes 7-45 days; a parent spans its waves plus some slack."""
    if not node.children:
        node.duration = rng.randint(7, 45)
    else:
        node.waves = in_waves(rng, node.children)
        span = sum(max(measure(rng, child) for child in wave) for wave in node.waves)
        node.duration = span + rng.randint(0, 10)
    return node.duration


def schedule(rng: random.Random, waves: list[list[Node]], start: date) -> None:
    """Top-down dates: each wave starts when the previous one is due and depends on it."""
    previous: list[Node] = []
    for wave in waves:
        wave_start = max((n.due for n in previous), default=start)
        for node in wave:
            node.start = wave_start
            node.due = wave_start + timedelta(days=node.duration)
            if previous:
                node.depends_on = rng.sample(previous, k=rng.randint(1, len(previous)))
            if node.waves:
                schedule(rng, node.waves, node.start)
        previous = wave


def walk(nodes: list[Node]) -> list[Node]:
    """Every node, depth-first in file order."""
    result, pending = [], list(reversed(nodes))
    while pending:
        node = pending.pop()
        result.append(node)
        pending.extend(reversed(node.children))
    return result


def simulate_progress(rng: random.Random, node: Node) -> None:
    """Decide status and done date after the tasks and prerequisites have been decided."""
    for child in node.children:
        simulate_progress(rng, child)
    waits_for = node.depends_on + node.children
    blocking = [n for n in waits_for if n.status != "done" and n.status != "cancelled"]
    lateness = rng.choice(LATENESS_DAYS)
    finish = max(
        [node.due + timedelta(days=lateness), node.start or node.due]
        + [n.done for n in waits_for if n.done is not None]
    )
    if not blocking and finish <= TODAY:
        node.status = "done"
        node.done = finish
    elif node.start is not None and node.start > TODAY:
        node.status = "planned"
    elif blocking and any(n in node.depends_on for n in blocking):
        node.status = "blocked"
    else:
        node.status = "in-progress"
    if node.status != "done" and not node.children and rng.random() < 0.02:
        node.status = "cancelled"
    if node.due > TODAY - timedelta(days=60) and rng.random() < 0.2:
        node.baseline = node.due - timedelta(days=rng.choice([14, 30, 31, 45, 61, 92]))
    # Omitting the status is allowed: a done date means done, nothing means planned.
    node.write_status = not (node.status in ("done", "planned") and rng.random() < 0.08)
    if rng.random() < 0.07:
        node.note = rng.choice(NOTES)


# -- names -------------------------------------------------------------------------------------


def make_owners(rng: random.Random, count: int) -> dict[str, tuple[str, str]]:
    """Owner id -> (name, role): people and public bodies, ids unique."""
    owners: dict[str, tuple[str, str]] = {}
    for slug, name, role in BODIES:
        owners[slug] = (name, role)
    while len(owners) < count:
        surname, stem = rng.choice(SURNAMES)
        if rng.random() < 0.4:
            first = rng.choice(FEMALE_NAMES)
            surname = surname if surname == "Ким" or surname.endswith("нко") else surname + "а"
            stem = stem if stem in ("kim", "petrenko") else stem + "a"
        else:
            first = rng.choice(MALE_NAMES)
        owner_id = stem
        suffix = 2
        while owner_id in owners:
            owner_id = f"{stem}-{suffix}"
            suffix += 1
        owners[owner_id] = (f"{first} {surname}", rng.choice(ROLES))
    return owners


def make_title(
    rng: random.Random, subject: tuple[str, str, str, str] | None
) -> tuple[tuple[str, str, str, str], str, str]:
    """The subject, an id stem and a title in Kazakh, Russian or English; tasks mostly share
    their parent's subject (designing, procuring, building ... the same substation)."""
    obj_slug, kk, ru, en = subject if subject and rng.random() < 0.7 else rng.choice(OBJECTS)
    act_slug, kk_pattern, ru_pattern, en_pattern = rng.choice(ACTIONS)
    language = rng.choices(("kk", "ru", "en"), weights=(4, 4, 2))[0]
    pattern = {"kk": kk_pattern, "ru": ru_pattern, "en": en_pattern}[language]
    title = pattern.format(kk=kk, ru=ru, en=en, lot=rng.randint(1, 40))
    if language == "kk":
        title = title[0].upper() + title[1:]
    return (obj_slug, kk, ru, en), f"{obj_slug}-{act_slug}", title


Subject = tuple[str, str, str, str]


def make_node(
    rng: random.Random,
    size: int,
    depth: int,
    subject: Subject | None,
    context: tuple[str, set[str], list[str]],
) -> Node:
    """An item and its ``size - 1`` tasks; ``context`` is (roadmap id, ids used, owners)."""
    roadmap_id, used, owners = context
    subject, slug, title = make_title(rng, subject)
    node = Node(unique_id(slug, used), title, rng.choice(owners), roadmap=roadmap_id)
    if size > 1:
        node.children = [
            make_node(rng, part, depth + 1, subject, context)
            for part in split_budget(rng, size - 1, depth + 1)
        ]
    return node


def unique_id(base: str, used: set[str]) -> str:
    candidate, suffix = base, 2
    while candidate in used:
        candidate = f"{base}-{suffix}"
        suffix += 1
    used.add(candidate)
    return candidate


# -- building the portfolio --------------------------------------------------------------------


def build_portfolio(
    seed: int, items: int, files: int, owners_count: int
) -> tuple[dict[str, tuple[str, str]], list[Roadmap]]:
    rng = random.Random(seed)
    owners = make_owners(rng, owners_count)
    owner_ids = list(owners)
    roadmaps: list[Roadmap] = []
    earlier_stages: list[Node] = []  # stages of earlier roadmaps, for cross-roadmap links
    base, extra = divmod(items, files)
    for index in range(files):
        count = base + (1 if index < extra else 0)
        theme, kk, ru, en = rng.choice(ROADMAP_THEMES)
        number = index + 1
        roadmap_id = f"{theme}-{number:04d}"
        pattern = rng.choices((kk, ru, en), weights=(4, 4, 2))[0]
        title = pattern.format(zone=rng.choice(ZONES), n=number)
        roadmap_owner = rng.choice(owner_ids)
        used: set[str] = set()
        local_owners = rng.sample(owner_ids, k=min(len(owner_ids), rng.randint(4, 10)))

        stages = [
            make_node(rng, size, 1, None, (roadmap_id, used, local_owners))
            for size in stage_sizes(rng, count)
        ]
        root = Node("root", "", "", children=stages)
        measure(rng, root)
        # TODAY falls somewhere between a fifth of the way into the plan and well after its end,
        # so some roadmaps are long finished and some have barely begun, whatever their size.
        start = TODAY - timedelta(days=int(root.duration * rng.uniform(0.2, 1.3)))
        schedule(rng, root.waves, start)
        # Cross-roadmap links: a stage may wait for a stage of an earlier roadmap that is due
        # on or before the day it starts (never later, so no cycle and no date conflict).
        for stage in stages:
            if earlier_stages and rng.random() < 0.15:
                for _ in range(8):
                    other = rng.choice(earlier_stages[-400:])
                    if stage.start is not None and other.due <= stage.start:
                        stage.depends_on.append(other)
                        break
        for node in walk(stages):
            # About one leaf task in ten has no written start, as in hand-kept files.
            node.write_start = bool(node.children) or rng.random() < 0.9
        for stage in stages:
            simulate_progress(rng, stage)
        earlier_stages.extend(stages)
        approved = start - timedelta(days=rng.randint(5, 40))
        comment = (
            f"Synthetic benchmark roadmap {number} of {files} (bench/generate.py, seed {seed}).\n"
            "Жасанды деректер — нақты жоспар емес. Синтетические данные для замеров."
        )
        roadmaps.append(Roadmap(roadmap_id, title, roadmap_owner, approved, stages, comment))
    return owners, roadmaps


# -- writing YAML by hand (the way people write these files) ----------------------------------

_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")


def scalar(text: str) -> str:
    """Plain when YAML reads it back unchanged, otherwise a double-quoted string."""
    needs_quotes = (
        not text
        or text[0] in _PLAIN_UNSAFE_START
        or text != text.strip()
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or any(ch in text for ch in '\n\t\\"')
    )
    if not needs_quotes:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_date(rng: random.Random, day: date) -> str:
    roll = rng.random()
    if roll < 0.1:
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"  # the local notation
    if roll < 0.15:
        return f'"{day.isoformat()}"'
    return day.isoformat()


def reference(node: Node, roadmap_id: str) -> str:
    return node.id if node.roadmap == roadmap_id else f"{node.roadmap}/{node.id}"


def render_item(
    rng: random.Random, node: Node, roadmap_id: str, indent: int, out: list[str]
) -> None:
    pad = " " * indent
    out.append(f"{pad}- id: {node.id}")
    pad += "  "
    out.append(f"{pad}title: {scalar(node.title)}")
    out.append(f"{pad}owner: {node.owner}")
    if node.write_start and node.start is not None:
        out.append(f"{pad}start: {write_date(rng, node.start)}")
    out.append(f"{pad}due: {write_date(rng, node.due)}")
    if node.baseline is not None:
        out.append(f"{pad}baseline: {write_date(rng, node.baseline)}")
    if node.done is not None:
        out.append(f"{pad}done: {write_date(rng, node.done)}")
    if node.write_status:
        out.append(f"{pad}status: {node.status}")
    if node.depends_on:
        refs = ", ".join(reference(n, roadmap_id) for n in node.depends_on)
        out.append(f"{pad}depends_on: [{refs}]")
    if node.note is not None:
        out.append(f"{pad}note: {scalar(node.note)}")
    if node.children:
        out.append(f"{pad}tasks:")
        for child in node.children:
            render_item(rng, child, roadmap_id, indent + 4, out)


def render_roadmap(rng: random.Random, roadmap: Roadmap) -> str:
    out = [f"# {line}" for line in roadmap.comment.splitlines()]
    out += [
        f"roadmap: {roadmap.id}",
        f"title: {scalar(roadmap.title)}",
        f"owner: {roadmap.owner}",
        f"approved: {roadmap.approved.isoformat()}",
        "stages:",
    ]
    for stage in roadmap.stages:
        render_item(rng, stage, roadmap.id, 2, out)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_owners(owners: dict[str, tuple[str, str]]) -> str:
    out = [
        "# Owners registry of the synthetic benchmark portfolio (bench/generate.py).",
        "owners:",
    ]
    for owner_id, (name, role) in owners.items():
        out += [f"  {owner_id}:", f"    name: {scalar(name)}", f"    role: {scalar(role)}"]
    return "\n".join(out) + "\n"


# -- statistics and the command line -----------------------------------------------------------


def statistics(roadmaps: list[Roadmap]) -> dict[str, int]:
    nodes = [node for roadmap in roadmaps for node in walk(roadmap.stages)]
    return {
        "items": len(nodes),
        "stages": sum(len(r.stages) for r in roadmaps),
        "done": sum(1 for n in nodes if n.status == "done"),
        "cancelled": sum(1 for n in nodes if n.status == "cancelled"),
        "open": sum(1 for n in nodes if not n.closed),
        "overdue": sum(1 for n in nodes if not n.closed and n.due < TODAY),
        "dependencies": sum(len(n.depends_on) for n in nodes),
        "cross_roadmap_dependencies": sum(
            1 for n in nodes for d in n.depends_on if d.roadmap != n.roadmap
        ),
    }


def generate(out_dir: Path, items: int, files: int, seed: int, owners_count: int) -> dict:
    """Write the portfolio into ``out_dir`` and return the manifest."""
    owners, roadmaps = build_portfolio(seed, items, files, owners_count)
    text_rng = random.Random(seed + 1)  # date notation only; keeps the model independent of it
    out_dir.mkdir(parents=True, exist_ok=True)
    total_bytes = 0
    text = render_owners(owners)
    (out_dir / "owners.yaml").write_text(text, encoding="utf-8")
    total_bytes += len(text.encode("utf-8"))
    for number, roadmap in enumerate(roadmaps, start=1):
        text = render_roadmap(text_rng, roadmap)
        (out_dir / f"roadmap-{number:04d}.yaml").write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "items_requested": items,
        "files": files,
        "owners": len(owners),
        "today": TODAY.isoformat(),
        "bytes": total_bytes,
        **statistics(roadmaps),
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic, consistent roadmap portfolio for benchmarks.",
        epilog="Example: python bench/generate.py bench/out/10k --items 10000 --files 200",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write the YAML files into")
    parser.add_argument("--items", type=int, default=10_000, help="stages and tasks in total")
    parser.add_argument("--files", type=int, default=200, help="number of roadmap files")
    parser.add_argument(
        "--owners",
        type=int,
        default=None,
        help="size of the owners registry (default: items/100, at least 20)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument(
        "--force", action="store_true", help="replace files a previous run wrote into OUT_DIR"
    )
    args = parser.parse_args(argv)
    if args.files < 1 or args.items < args.files:
        parser.error("need --files >= 1 and --items >= --files")
    owners_count = args.owners if args.owners is not None else max(20, args.items // 100)
    if owners_count < len(BODIES):
        parser.error(f"--owners must be at least {len(BODIES)}")

    out_dir: Path = args.out_dir
    existing = sorted(out_dir.glob("*.y*ml")) if out_dir.is_dir() else []
    if existing:
        ours = [p for p in existing if p.name == "owners.yaml" or p.name.startswith("roadmap-")]
        if not args.force or len(ours) != len(existing):
            parser.error(
                f"{out_dir} already holds YAML files; use --force to replace a previous "
                "output (only owners.yaml and roadmap-*.yaml are ever deleted)"
            )
        for path in ours:
            path.unlink()
    manifest = generate(out_dir, args.items, args.files, args.seed, owners_count)
    share = manifest["overdue"] / manifest["items"]
    sys.stdout.write(
        f"wrote {manifest['files']} roadmaps + owners.yaml ({manifest['bytes'] / 1e6:.1f} MB) "
        f"to {out_dir}: {manifest['items']} items, {manifest['done']} done, "
        f"{manifest['overdue']} overdue on {TODAY} ({share:.0%}), "
        f"{manifest['dependencies']} dependencies "
        f"({manifest['cross_roadmap_dependencies']} across roadmaps)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
