"""The HTML report: saved results of explain, advise, audit, bench or the demo, as one page.

`load_results` reads and tells apart the JSON files (`inputs`), `write_report`
renders them (`page` assembles the `sections`, which read pandas frames from
`tables`, plans through `plans`, and draw `charts` as inline SVG) into one
self-contained file: inline CSS and SVG, no script, nothing loaded from the
network, printable.
"""

from primedb.report.inputs import DEMO_KIND, Kind, Results, load_results, results_of, shown
from primedb.report.render import render_html, write_report

__all__ = [
    "DEMO_KIND",
    "Kind",
    "Results",
    "load_results",
    "render_html",
    "results_of",
    "shown",
    "write_report",
]
