extension ReportTemplates {
    /// sessions/<id>.html, from `SessionPage.View`.
    static let session = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        {{> style}}
        </head>
        <body>
        <p><a href="../index.html">← Monthly flow report 流程报表 {{month}}</a></p>
        <h1>Session <span class="zh">会话</span> {{session}}</h1>
        <table>
        <tr><th>contact point 接触点</th><td>{{contactPoint}}</td></tr>
        <tr><th>flow 流程</th><td>{{flow}} <span class="meta">version {{version}}</span></td></tr>
        <tr><th>started 开始</th><td>{{started}}</td></tr>
        <tr><th>outcome 结果</th><td>{{outcome}}</td></tr>
        <tr><th>handling time 处理时长</th><td>{{handlingTime}}</td></tr>
        <tr><th>trajectory 运用轨迹</th><td>{{trajectory}}</td></tr>
        <tr><th>compliance 流程规范</th><td>{{compliant}}</td></tr>
        <tr><th>inspection 质检</th><td>{{inspection}}</td></tr>
        <tr><th>fitness 拟合度</th><td>token replay {{tokenFitness}}, alignment {{alignmentFitness}}</td></tr>
        <tr><th>path 路径</th><td>{{variant}}</td></tr>
        </table>

        <h2>Path <span class="zh">运用轨迹</span></h2>
        <table>
        <tr><th class="n">record</th><th class="n">depth</th><th>flow</th><th>from</th><th>to</th><th>trigger</th><th>event · reason</th><th>agent / role / unit</th><th class="n">after</th><th>time</th><th>findings</th></tr>
        {{#rows}}<tr{{#flagged}} class="below"{{/flagged}}><td class="n">{{sequence}}</td><td class="n">{{depth}}</td><td>{{flow}}</td><td>{{from}}</td><td>{{to}}</td><td>{{trigger}}</td><td>{{cause}}</td><td>{{person}}</td><td class="n">{{offset}}</td><td>{{time}}</td><td>{{#findings}}{{.}}<br>{{/findings}}</td></tr>
        {{/rows}}</table>

        <h2>Deviations <span class="zh">偏差</span></h2>
        {{^hasDeviations}}<p>None.</p>{{/hasDeviations}}
        {{#hasDeviations}}<table>
        <tr><th>type</th><th>类型</th><th class="n">record</th><th>detail</th></tr>
        {{#deviations}}<tr><td>{{type}}</td><td>{{chinese}}</td><td class="n">{{sequence}}</td><td>{{detail}}</td></tr>
        {{/deviations}}</table>{{/hasDeviations}}

        <h2>Non-conforming person-steps <span class="zh">组织不符合</span></h2>
        {{^hasSteps}}<p>None.</p>{{/hasSteps}}
        {{#hasSteps}}<table>
        <tr><th>failed checks</th><th>检查</th><th class="n">record</th><th>detail</th></tr>
        {{#steps}}<tr><td>{{type}}</td><td>{{chinese}}</td><td class="n">{{sequence}}</td><td>{{detail}}</td></tr>
        {{/steps}}</table>{{/hasSteps}}
        </body>
        </html>

        """
}
