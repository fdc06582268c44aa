"""Built-in stages. Importing this package registers them all."""

from unspin.stages import (  # noqa: F401
    attributions,
    coref,
    entities,
    entities_core,
    events,
    naming,
    places,
    quantities,
    rhetoric,
    rhetoric_model,
    scare_quotes,
    sentences,
    spin_profile,
    statements,
    times,
    tokens,
)
