"""Command-line options that several commands share, and how they become library objects."""

from __future__ import annotations

import argparse
import dataclasses
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
    parser.add_argument(
        "--core",
        metavar="NAME|PATH",
        help="core spaCy pipeline: an installed package (en_core_web_sm) or a model folder; default: the shipped one. "
        "An `unspin train ner-teacher` folder names entities only (to score the teacher alone; training extra)",
    )


def build_config(args: argparse.Namespace) -> PipelineConfig:
    """The pipeline configuration the options ask for (``--core`` overrides the file's ``core``)."""
    config = PipelineConfig.from_file(args.config) if getattr(args, "config", None) else PipelineConfig()
    core = getattr(args, "core", None)
    return dataclasses.replace(config, core=core) if core else config


def build_pipeline(args: argparse.Namespace) -> Pipeline:
    return Pipeline(build_config(args))


def add_metadata_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("article metadata (overrides what the input says)")
    group.add_argument(
        "--published",
        metavar="DATE",
        help='publication date (YYYY-MM-DD); relative dates ("on Sunday") are resolved against it',
    )
    group.add_argument("--outlet", metavar="NAME", help="the outlet that published the article")
    group.add_argument("--url", metavar="URL", help="the article's address")
