"""Reading the files: bytes -> YAML nodes -> the model, the project's configuration, the file
format."""
