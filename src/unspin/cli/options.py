"""Command-line options that several commands share, and how they become library objects."""

from __future__ import annotations

import argparse
from pathlib import Path

from unspin.config import PipelineConfig
from unspin.pipeline import Pipeline


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="TOML",
        help="pipeline configuration (stage names and options); default: the built-in rule pipeline",
    )


def build_pipeline(args: argparse.Namespace) -> Pipeline:
    config = PipelineConfig.from_file(args.config) if getattr(args, "config", None) else PipelineConfig()
    return Pipeline(config)


def add_metadata_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("article metadata (overrides what the input says)")
    group.add_argument(
        "--published",
        metavar="DATE",
        help='publication date (YYYY-MM-DD); relative dates ("on Sunday") are resolved against it',
    )
    group.add_argument("--outlet", metavar="NAME", help="the outlet that published the article")
    group.add_argument("--url", metavar="URL", help="the article's address")
