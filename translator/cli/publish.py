"""``translator publish``: the static site of the stored documents that are ready to read."""

from __future__ import annotations

import click

from ..vocabulary import DEFAULT_LAYOUT, LAYOUTS
from .common import db_option, project_from


@click.command("publish")
@click.option("--out", "out_dir", required=True, help="Folder of the site (created; a rerun updates it).")
@click.option("--base-url", required=True, help="The site's web address, e.g. https://news.example.org/ (canonical links, feed, sitemap).")
@click.option("--layout", type=click.Choice(LAYOUTS), default=DEFAULT_LAYOUT, show_default=True,
              help="The layout article pages open in (readers switch, and the choice is remembered).")
@click.option("--include-unapproved", is_flag=True,
              help="Publish every stored document, its English not yet approved marked (default: only fully approved ones).")
@click.option("--title", default=None, help="The site's name [default: Chinese news in English].")
@db_option
@click.pass_context
def publish(ctx: click.Context, out_dir: str, base_url: str, layout: str, include_unapproved: bool, title: str | None,
            db: str | None) -> None:
    """Build OUT: index.html (newest first, 50 a page), one page per article, feed.xml and sitemap.xml.

    Only documents whose every segment is approved are published (unless
    --include-unapproved).  A rerun rewrites only the pages of documents that
    changed, plus the index, feed and sitemap.
    """
    project = project_from(ctx, db=db)
    result = project.publish(out_dir, base_url, layout=layout, include_unapproved=include_unapproved, title=title)
    click.echo(
        f"published {len(result.published)} article(s) to {result.out} ({result.base_url}): {len(result.written)} page(s) written, "
        f"{result.unchanged} unchanged, {len(result.removed)} removed; {result.index_pages} index page(s), feed.xml, sitemap.xml"
    )
    if result.refused:
        click.echo(f"{len(result.refused)} document(s) not published:")
        for doc_id, why in result.refused.items():
            click.echo(f"    {doc_id}: {why}")
