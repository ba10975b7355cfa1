import Mustache

/// The report's Mustache templates: `index` (index.html), `session` (a session's page),
/// and the partials they share (`style`, `chart`). Constants, parsed once.
enum ReportTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        do {
            try library.register(style, named: "style")
            try library.register(chart, named: "chart")
            try library.register(index, named: "index")
            try library.register(session, named: "session")
        } catch {
            preconditionFailure("a report template does not parse: \(error)")
        }
        return library
    }()

    /// Inline CSS, for the screen and for print (colours kept when printed; tables not split
    /// inside a row).
    static let style = """
        <style>
        body { font-family: "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #1a1a1a; font-size: 14px; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 2px solid #1f4e79; padding-bottom: 0.2em; margin-top: 1.8em; }
        h3 { font-size: 1.05em; margin-bottom: 0.3em; }
        .zh { color: #555; font-weight: normal; }
        .meta { color: #555; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; }
        th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #eef2f7; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr { page-break-inside: avoid; break-inside: avoid; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; }
        .card { border: 1px solid #bbb; border-radius: 4px; padding: 8px 12px; width: 210px; break-inside: avoid; }
        .card .value { font-size: 1.7em; font-weight: bold; color: #1f4e79; }
        .card .label { font-weight: bold; }
        .card .detail { color: #555; font-size: 0.85em; }
        .heat td { width: 150px; height: 64px; }
        .heat .rate { font-size: 1.2em; font-weight: bold; }
        .heat .detail, .heat .codes { font-size: 0.8em; color: #333; }
        .good { background: #c8e6c9; }
        .near { background: #fff3c4; }
        .below { background: #f8c9c4; }
        .plain { background: #e8eef5; }
        .idle { background: #f4f4f4; color: #777; }
        .off { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 6px, #eee 6px, #eee 12px); color: #777; }
        .blind { background: #333; color: #fff; }
        .blind .detail, .blind .codes { color: #ddd; }
        .flagged { outline: 3px solid #b71c1c; outline-offset: -3px; }
        .flag { color: #b71c1c; font-weight: bold; }
        .legend span { display: inline-block; padding: 2px 8px; margin-right: 6px; border: 1px solid #bbb; }
        .paths { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        td.path { max-width: 640px; }
        td.share { position: relative; min-width: 70px; }
        td.share .bar { position: absolute; left: 0; top: 3px; bottom: 3px; background: #c5d5e8; z-index: -1; }
        svg { max-width: 100%; height: auto; }
        svg text { font-size: 11px; fill: #333; }
        a { color: #1f4e79; }
        @media print {
          body { margin: 0; font-size: 11px; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          h2 { page-break-after: avoid; break-after: avoid; }
          section { page-break-inside: auto; }
          a { color: inherit; text-decoration: none; }
        }
        </style>
        """

    /// An inline SVG line chart from a `TrendChart`.
    static let chart = """
        <figure>
        <figcaption><strong>{{title}}</strong></figcaption>
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img" aria-label="{{title}}">
        {{#yTicks}}<line x1="{{left}}" y1="{{y}}" x2="{{right}}" y2="{{y}}" stroke="#ddd" stroke-width="1"/><text x="{{x}}" y="{{y}}" text-anchor="end" dominant-baseline="middle">{{text}}</text>
        {{/yTicks}}{{#xTicks}}<text x="{{x}}" y="{{y}}" text-anchor="middle">{{text}}</text>
        {{/xTicks}}{{#benchmark}}<line x1="{{left}}" y1="{{y}}" x2="{{x}}" y2="{{y}}" stroke="#b71c1c" stroke-width="1" stroke-dasharray="4 4"/><text x="{{x}}" y="{{y}}" text-anchor="end" dy="-3" fill="#b71c1c">{{text}}</text>
        {{/benchmark}}{{#series}}<g>{{#lines}}<polyline fill="none" stroke="{{colour}}" stroke-width="{{width}}" stroke-dasharray="{{dash}}" points="{{points}}"/>{{/lines}}{{#points}}<circle cx="{{x}}" cy="{{y}}" r="2.5" fill="{{colour}}"><title>{{title}}</title></circle>{{/points}}
        <line x1="{{legendX}}" y1="{{legendY}}" x2="{{legendTextX}}" y2="{{legendY}}" stroke="{{colour}}" stroke-width="{{width}}" stroke-dasharray="{{dash}}" transform="translate(-4 0)"/><text x="{{legendTextX}}" y="{{legendTextY}}">{{name}}</text></g>
        {{/series}}</svg>
        </figure>
        """
}
