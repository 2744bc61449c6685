"""Applications over the pipeline: the CLI, API, batch runs, outputs, reports, diff, playbook checks."""
