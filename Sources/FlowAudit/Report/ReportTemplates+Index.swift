extension ReportTemplates {
    /// index.html, from `ReportPage.View`.
    static let index = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        {{> style}}
        </head>
        <body>
        <header>
        <h1>Monthly flow report <span class="zh">流程报表</span> {{month}}</h1>
        <p class="meta">{{flowMap}} · days counted in {{timeZone}} · a contact point or cell is flagged <span class="zh">（低于标杆值）</span> when its compliance rate is below its benchmark with at least {{minSessions}} sessions · figures: <a href="report.json">report.json</a>, per contact point: <a href="report.csv">report.csv</a></p>
        </header>

        <section id="headline">
        <h2>Headline figures <span class="zh">四项监控指标</span></h2>
        <div class="cards">
        {{#cards}}<div class="card"><div class="label">{{english}} <span class="zh">{{chinese}}</span></div><div class="value">{{value}}</div><div class="detail">{{detail}}</div></div>
        {{/cards}}</div>
        {{#agreement}}
        <h3>Inspectors and trajectory <span class="zh">质检与轨迹一致性</span></h3>
        <table>
        <tr><th></th><th>conforms on trajectory</th><th>does not</th></tr>
        <tr><th>inspector pass 合格</th><td class="n">{{passConforming}}</td><td class="n">{{passNotConforming}}</td></tr>
        <tr><th>inspector fail 不合格</th><td class="n">{{failConforming}}</td><td class="n">{{failNotConforming}}</td></tr>
        </table>
        <p>Agreement {{agreementText}}; Cohen's kappa {{kappaText}}.</p>
        {{/agreement}}
        </section>

        <section id="flow-map">
        <h2>Flow map <span class="zh">流程地图</span>: compliance rate against benchmark <span class="zh">流程规范率与标杆值</span></h2>
        <p class="legend"><span class="good">at or above benchmark 达标</span><span class="near">up to 5 pt below</span><span class="below">more than 5 pt below 低于标杆</span><span class="idle">no traffic 无话务</span><span class="off">not offered 未开通</span><span class="blind">blind spot 管理盲点</span><span class="flagged">flagged ⚑</span></p>
        <table class="heat">
        <tr><th>business 业务 \\ channel 渠道</th>{{#heat.channels}}<th>{{name}} <span class="zh">{{code}}</span></th>{{/heat.channels}}</tr>
        {{#heat.rows}}<tr><th>{{name}} <span class="zh">{{code}}</span></th>{{#cells}}<td class="{{tone}}{{#flagged}} flagged{{/flagged}}"><div class="rate">{{rate}}{{#flagged}} <span class="flag">⚑</span>{{/flagged}}</div><div class="detail">{{detail}}</div><div class="detail">{{change}}</div><div class="codes">{{codes}}</div></td>{{/cells}}</tr>
        {{/heat.rows}}</table>
        </section>

        <section id="trends">
        <h2>Trends <span class="zh">趋势</span></h2>
        {{#dayChart}}{{> chart}}{{/dayChart}}
        {{#monthChart}}{{> chart}}{{/monthChart}}
        <p class="meta">{{earlierMonths}} earlier month(s) found beside this report.</p>
        </section>

        <section id="deviations">
        <h2>Deviations by type <span class="zh">偏差类型</span></h2>
        <table>
        <tr><th>type</th><th>类型</th><th class="n">count</th><th>breaks the trajectory</th><th>examples 示例会话</th></tr>
        {{#deviationTypes}}<tr><td>{{type}}</td><td>{{chinese}}</td><td class="n">{{count}}</td><td>{{#breaksTrajectory}}yes{{/breaksTrajectory}}{{^breaksTrajectory}}no{{/breaksTrajectory}}</td><td>{{#examples}}{{#link}}<a href="{{link}}">{{session}}</a>{{/link}}{{^link}}{{session}}{{/link}} {{at}}<br>{{/examples}}</td></tr>
        {{/deviationTypes}}</table>
        <h3>Contact points with the most deviations <span class="zh">偏差最多的接触点</span></h3>
        <table>
        <tr><th>contact point 接触点</th><th class="n">deviations</th><th class="n">sessions</th><th>by type</th></tr>
        {{#topDeviations}}<tr><td>{{code}}</td><td class="n">{{total}}</td><td class="n">{{sessions}}</td><td>{{breakdown}}</td></tr>
        {{/topDeviations}}</table>
        </section>

        <section id="worst">
        <h2>Worst contact points <span class="zh">规范率最低的接触点</span></h2>
        <p class="meta">Contact points with at least {{minSessions}} sessions, lowest compliance rate first.</p>
        <table>
        <tr><th>code</th><th>business</th><th>channel</th><th>brand</th><th>flow</th><th class="n">sessions</th><th class="n">compliance</th><th class="n">benchmark</th><th class="n">change</th></tr>
        {{#worst}}<tr><td>{{code}}{{#flagged}} <span class="flag">⚑</span>{{/flagged}}</td><td>{{business}}</td><td>{{channel}}</td><td>{{brand}}</td><td>{{flow}}</td><td class="n">{{sessions}}</td><td class="n">{{rate}}</td><td class="n">{{benchmark}}</td><td class="n">{{change}}</td></tr>
        {{/worst}}</table>
        </section>

        <section id="organisation">
        <h2>Person-steps <span class="zh">组织符合度</span>: non-conforming by org unit, role and agent</h2>
        <h3>By org unit <span class="zh">按组织</span></h3>
        <table>
        <tr><th>unit</th><th>name</th><th class="n">steps</th><th class="n">non-conforming</th><th class="n">rate</th><th class="n">performer 执行人</th><th class="n">transfer target 转接</th><th class="n">ownership 首问</th></tr>
        {{#units}}<tr><td>{{id}}</td><td>{{name}}</td><td class="n">{{steps}}</td><td class="n">{{nonConforming}}</td><td class="n">{{rate}}</td><td class="n">{{performer}}</td><td class="n">{{transferTarget}}</td><td class="n">{{ownership}}</td></tr>
        {{/units}}</table>
        <h3>By role <span class="zh">按角色</span></h3>
        <table>
        <tr><th>role</th><th>name</th><th class="n">steps</th><th class="n">non-conforming</th><th class="n">rate</th><th class="n">performer 执行人</th><th class="n">transfer target 转接</th><th class="n">ownership 首问</th></tr>
        {{#roles}}<tr><td>{{id}}</td><td>{{name}}</td><td class="n">{{steps}}</td><td class="n">{{nonConforming}}</td><td class="n">{{rate}}</td><td class="n">{{performer}}</td><td class="n">{{transferTarget}}</td><td class="n">{{ownership}}</td></tr>
        {{/roles}}</table>
        <h3>By agent <span class="zh">按座席</span> (the {{agentsShown}} with the most non-conforming steps of {{agentCount}}; all in report.json)</h3>
        <table>
        <tr><th>agent</th><th class="n">steps</th><th class="n">non-conforming</th><th class="n">rate</th><th class="n">performer 执行人</th><th class="n">transfer target 转接</th><th class="n">ownership 首问</th></tr>
        {{#agents}}<tr><td>{{id}}</td><td class="n">{{steps}}</td><td class="n">{{nonConforming}}</td><td class="n">{{rate}}</td><td class="n">{{performer}}</td><td class="n">{{transferTarget}}</td><td class="n">{{ownership}}</td></tr>
        {{/agents}}</table>
        <h3>Examples of non-conforming steps <span class="zh">不符合示例</span> ({{stepTotal}} in all)</h3>
        <table>
        <tr><th>session</th><th class="n">record</th><th>state</th><th>agent / role / unit</th><th>failed checks</th></tr>
        {{#steps}}<tr><td>{{#link}}<a href="{{link}}">{{session}}</a>{{/link}}{{^link}}{{session}}{{/link}}</td><td class="n">{{sequence}}</td><td>{{state}}</td><td>{{agent}}</td><td>{{failed}}</td></tr>
        {{/steps}}</table>
        </section>

        <section id="paths">
        <h2>Paths and time per state <span class="zh">路径变体与环节时长</span></h2>
        <p class="meta">Per flow version: the most frequent path variants (the states each session's own flow entered) with their share of its sessions, the rest counted as other; each state's visits, median and 90th percentile (within 0.1%), flagged ⚑ when the 90th percentile is over the state's SLA. Also in variants.csv and state-times.csv.</p>
        {{#flows}}<h3>{{flow}} <span class="zh">{{version}}</span> · {{sessions}} sessions</h3>
        <div class="paths">
        {{#hasVariants}}<table>
        <tr><th class="n">#</th><th>path 路径</th><th class="n">sessions</th><th class="n">share 占比</th><th class="n">cumulative 累计</th></tr>
        {{#variants}}<tr><td class="n">{{rank}}</td><td class="path">{{path}}</td><td class="n">{{count}}</td><td class="n share"><span class="bar" style="width: {{bar}}%"></span>{{share}}</td><td class="n">{{cumulative}}</td></tr>
        {{/variants}}{{#other}}<tr><td class="n"></td><td class="path">other 其他 ({{variants}} variants)</td><td class="n">{{count}}</td><td class="n">{{share}}</td><td class="n">100.0%</td></tr>
        {{/other}}</table>{{/hasVariants}}
        <table>
        <tr><th>state 环节</th><th class="n">visits</th><th class="n">median 中位数</th><th class="n">p90</th><th class="n">SLA 时限</th></tr>
        {{#states}}<tr{{#over}} class="below"{{/over}}><td>{{state}}{{#over}} <span class="flag">⚑</span>{{/over}}</td><td class="n">{{visits}}</td><td class="n">{{median}}</td><td class="n">{{p90}}</td><td class="n">{{sla}}</td></tr>
        {{/states}}</table>
        </div>
        {{/flows}}
        </section>

        <section id="coverage">
        <h2>Coverage <span class="zh">使用覆盖</span></h2>
        <table>
        <tr><th>flow</th><th>version</th><th class="n">sessions</th><th>unused</th><th>states never entered</th><th>designed moves never taken</th></tr>
        {{#coverage}}<tr><td>{{flow}}</td><td>{{version}}</td><td class="n">{{sessions}}</td><td>{{unusedCount}}</td><td>{{unusedStates}}</td><td>{{unusedMoves}}</td></tr>
        {{/coverage}}</table>
        <p>Contact points with no traffic <span class="zh">无话务的接触点</span> ({{idleCount}}): {{idle}}</p>
        </section>

        <section id="contact-points">
        <h2>Every contact point <span class="zh">全部接触点</span></h2>
        <table>
        <tr><th>code</th><th>business</th><th>channel</th><th>brand</th><th>flow</th><th class="n">sessions</th><th class="n">compliance</th><th class="n">benchmark</th><th class="n">change</th><th class="n">trajectory</th><th class="n">token fitness</th><th class="n">alignment fitness</th><th class="n">person-steps</th><th class="n">field use</th><th class="n">deviations</th></tr>
        {{#points}}<tr><td>{{code}}{{#flagged}} <span class="flag">⚑</span>{{/flagged}}</td><td>{{business}}</td><td>{{channel}}</td><td>{{brand}}</td><td>{{flow}}</td><td class="n">{{sessions}}</td><td class="n">{{rate}}</td><td class="n">{{benchmark}}</td><td class="n">{{change}}</td><td class="n">{{trajectory}}</td><td class="n">{{tokens}}</td><td class="n">{{alignment}}</td><td class="n">{{personSteps}}</td><td class="n">{{fieldUse}}</td><td class="n">{{deviations}}</td></tr>
        {{/points}}</table>
        </section>
        </body>
        </html>

        """
}
