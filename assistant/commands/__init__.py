"""CLI command groups; each module registers its commands on `assistant.cli.app`."""
