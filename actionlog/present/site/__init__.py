"""`actionlog site`: the public record as a static website.

    pages.py   the records the site's templates lay out (actions, logs, series, index)
    chart.py   the open and overdue actions month by month, as an SVG's geometry
    html.py    the templates' environment and the filters that escape and link text
    build.py   one group of series at a time (folded once), pages written only when changed
    serve.py   a preview on 127.0.0.1 that rebuilds when a file changes
"""
