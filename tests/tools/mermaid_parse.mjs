// Parses Mermaid charts with the real Mermaid parser and prints, for each file, a JSON line:
// {"file", "ok", "error", "type", "sections", "tasks": [[name, section, start, end, flags]]}.
// Used by tests/test_exports.py when SEZCTL_MERMAID points at a folder where
// `npm install mermaid@11 jsdom` was run; Mermaid needs a DOM, jsdom provides one.
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';

const modules = path.join(process.env.SEZCTL_MERMAID, 'node_modules');
const require = createRequire(path.join(modules, 'x.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const entry = require.resolve('mermaid');
const { default: mermaid } = await import(pathToFileURL(entry).href);

for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    const parsed = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const tasks = diagram.db.getTasks().map((t) => [
      t.task, t.section, t.startTime.toISOString().slice(0, 10),
      t.endTime.toISOString().slice(0, 10),
      ['done', 'active', 'crit', 'milestone'].filter((flag) => t[flag]),
    ]);
    console.log(JSON.stringify({
      file, ok: true, type: parsed.diagramType, sections: diagram.db.getSections(), tasks,
    }));
  } catch (error) {
    console.log(JSON.stringify({ file, ok: false, error: String(error.message || error) }));
  }
}
