"""The report as one self-contained HTML file: the page rendered by jinja2, written atomically.

The template (`templates/report.html.j2`) inlines the style sheet and the
charts' SVG; it links to nothing outside the page and holds no script, so
the file reads the same offline, without JavaScript and on paper. Values are
escaped (autoescape); only the SVG the report drew itself is inserted as is.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

import jinja2

from primedb.report.inputs import Results
from primedb.report.page import Page, build_page
from primedb.report.sections.advice import human_bytes
from primedb.report.sections.queries import anchor
from primedb.report.sections.summary import advice_closeness

__all__ = ["render_html", "write_report"]


def _num(value: Any) -> str:
    if value is None or value == "":
        return "-"
    number = float(value)
    return f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"


def _fixed(value: Any, decimals: int = 2) -> str:
    return "-" if value is None else f"{float(value):,.{decimals}f}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("primedb.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=_num,
        fixed=_fixed,
        bytes=human_bytes,
        anchor=lambda name: anchor(str(name)),
        closeness=advice_closeness,
    )
    return env


def render_page(page: Page) -> str:
    return _environment().get_template("report.html.j2").render(page=page)


def render_html(results: Results) -> str:
    """The report of `results` as one HTML document."""
    return render_page(build_page(results))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_report(results: Results, path: Path) -> Path:
    """Write the report of `results` to `path` (replaced whole, never half-written); its path."""
    html = render_html(results)
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(html)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 is for secrets; a report is shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.resolve()
