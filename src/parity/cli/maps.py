"""`parity maps`: prepare the boundaries the public maps are drawn from."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def maps() -> None:
    """Prepare the map boundaries (ONS's, simplified by Parity) that the public maps draw."""


@maps.command()
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def build(folder: Path | None) -> None:
    """Simplify ONS's boundaries in FOLDER into PARITY_HOME/geography.

    FOLDER holds ONS's police force areas (PFA_DEC_2023_EW_BUC.geojson) and local authority
    districts (lad23_buc/); by default, the geography folder of the shared data (PARITY_SAMPLE_DATA,
    or ../shared/data beside the checkout). The files are read where they are and never copied.
    """
    from parity.cli.demo import geography_folder
    from parity.geography import areas
    from parity.geography.build import GeographyMissing
    from parity.geography.build import build as run

    source = folder or geography_folder()
    if source is None:
        raise click.ClickException(
            "No ONS geography folder found: give one, or put the shared data beside this checkout."
        )
    try:
        built = run(source, areas.directory())
    except GeographyMissing as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Map boundaries: {built.forces} police force areas and {built.districts} local authority districts, "
        f"{built.bytes / 1024:,.0f} KB, in {built.path}."
    )


COMMANDS = [maps]
