"""``translator serve``: the review web app, through waitress (the Flask dev server only with ``--debug``)."""

from __future__ import annotations

import click

from .common import db_option, project_from, setting_option, warning_line


@click.command("serve")
@setting_option("host")
@setting_option("port")
@db_option
@setting_option("serve_threads", "--threads")
@click.option("--debug", is_flag=True, help="Run Flask's development server with the debugger instead (never on a shared network).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, db: str | None, serve_threads: int | None, debug: bool) -> None:
    """Serve the review app (log in with an account from 'translator users add')."""
    from webapp import create_app

    project = project_from(ctx, db=db, host=host, port=port, serve_threads=serve_threads)
    s = project.settings
    app = create_app(project)  # warms the project up: CC-CEDICT and jieba are read before the first request
    if not project.users.list():
        warning_line("no users yet: add one with 'translator users add NAME --role admin'")
    url = f"http://{'[' + s.host + ']' if ':' in s.host else s.host}:{s.port}/"
    if debug:
        click.echo(f"translator: review app (Flask development server, debug) on {url}", err=True)
        app.run(host=s.host, port=s.port, debug=True, use_reloader=False, threaded=True)
        return
    import waitress

    click.echo(f"translator: review app on {url} (database {project.store.name})", err=True)
    waitress.serve(app, host=s.host, port=s.port, threads=s.serve_threads, ident="translator", clear_untrusted_proxy_headers=True)
