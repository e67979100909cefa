package io.aimengine.runtime.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A self-contained HTML report of a {@link BenchResult}: the results table, and charts of latency
 * percentiles (median, p90, p99 of TTFT, TPOT, ITL, E2EL) and throughput against the swept
 * concurrency or rate, drawn by uPlot (a maintained charting library, 50 kB) inlined into the page
 * with the data, so the file opens offline and can be mailed around.
 *
 * <p>When the charts have been drawn the page sets {@code data-charts} on {@code <body>} to how
 * many there are (what the headless-browser test reads).
 */
public final class HtmlReport {
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private HtmlReport() {}

  public static String render(BenchResult r) {
    ObjectNode data = BenchJson.toJson(r);
    ArrayNode runs = (ArrayNode) data.get("runs");
    String axis = r.runs().isEmpty() ? "concurrency" : r.runs().get(0).load().axis();
    StringBuilder rows = new StringBuilder();
    for (var run : runs) {
      double level =
          axis.equals("rate")
              ? run.path("request_rate").asDouble()
              : run.path("max_concurrency").asDouble();
      rows.append("<tr><td>")
          .append(num(level))
          .append("</td><td>")
          .append(run.path("completed").asInt())
          .append("</td><td>")
          .append(run.path("failed").asInt())
          .append("</td>");
      for (String k :
          new String[] {
            "request_throughput",
            "output_throughput",
            "request_goodput",
            "median_ttft_ms",
            "p99_ttft_ms",
            "median_tpot_ms",
            "p99_tpot_ms",
            "median_itl_ms",
            "p99_itl_ms",
            "median_e2el_ms",
            "p99_e2el_ms"
          }) {
        rows.append("<td>").append(num(run.path(k).asDouble())).append("</td>");
      }
      rows.append("</tr>\n");
    }
    Target t = r.target();
    String title =
        "aim-engine bench " + (t.name() != null ? t.name() : t.url()) + " — " + r.createdAt();
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>%s</title>
        <style>%s</style>
        <style>
        body{font-family:system-ui,sans-serif;margin:24px;color:#222}
        table{border-collapse:collapse;font-size:13px;margin:12px 0}
        td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
        th{background:#f3f3f3}
        .charts{display:flex;flex-wrap:wrap;gap:16px}
        .chart{border:1px solid #ddd;padding:8px}
        code{background:#f5f5f5;padding:1px 4px}
        </style></head>
        <body>
        <h1>%s</h1>
        <p>Target: <code>%s</code>%s · API: <code>%s</code> · %s · goodput SLO: <code>%s</code></p>
        <p>Metrics as vLLM's <code>vllm bench serve</code> defines them: TTFT (time to first token),
        TPOT (time per output token after the first), ITL (gaps between streamed chunks), E2EL
        (request latency); token counts from the engine's <code>usage</code>. Latencies in ms.</p>
        <table><tr><th>%s</th><th>ok</th><th>failed</th><th>req/s</th><th>out tok/s</th>
        <th>goodput req/s</th><th>TTFT p50</th><th>TTFT p99</th><th>TPOT p50</th><th>TPOT p99</th>
        <th>ITL p50</th><th>ITL p99</th><th>E2EL p50</th><th>E2EL p99</th></tr>
        %s</table>
        <div class="charts" id="charts"></div>
        <script>%s</script>
        <script id="bench-data" type="application/json">%s</script>
        <script>
        (function(){
          var data = JSON.parse(document.getElementById('bench-data').textContent);
          var axis = '%s';
          var runs = data.runs.slice().sort(function(a,b){return lvl(a)-lvl(b);});
          function lvl(r){return axis==='rate'?r.request_rate:r.max_concurrency;}
          var xs = runs.map(lvl);
          var box = document.getElementById('charts');
          var colors = ['#1f77b4','#ff7f0e','#d62728','#2ca02c'];
          function chart(title, unit, series){
            var el = document.createElement('div'); el.className='chart'; box.appendChild(el);
            var opts = {title:title, width:460, height:280,
              scales:{x:{time:false}},
              axes:[{label:axis},{label:unit}],
              series:[{label:axis}].concat(series.map(function(s,i){
                return {label:s[0], stroke:colors[i%%colors.length], width:2, points:{show:true,size:6}};}))};
            var d = [xs].concat(series.map(function(s){return runs.map(function(r){return r[s[1]];});}));
            new uPlot(opts, d, el);
          }
          var names = {ttft:'TTFT',tpot:'TPOT',itl:'ITL',e2el:'E2E latency'};
          ['ttft','tpot','itl','e2el'].forEach(function(k){
            chart(names[k]+' percentiles','ms',[['median','median_'+k+'_ms'],['p90','p90_'+k+'_ms'],['p99','p99_'+k+'_ms']]);
          });
          chart('Output token throughput','tokens/s',[['output tok/s','output_throughput']]);
          chart('Request throughput','requests/s',[['req/s','request_throughput'],['goodput','request_goodput']]);
          document.body.setAttribute('data-charts', String(box.querySelectorAll('canvas').length));
        })();
        </script>
        </body></html>
        """
        .formatted(
            esc(title),
            resource(UPLOT + "uPlot.min.css"),
            esc(title),
            esc(t.url()),
            t.recipeId() == null ? "" : " · recipe <code>" + esc(t.recipeId()) + "</code>",
            r.api().name().toLowerCase(java.util.Locale.ROOT),
            r.promptFile() != null
                ? "prompts " + esc(r.promptFile())
                : r.inputTokens() + " input / " + r.outputTokens() + " output tokens",
            r.slo() == null || r.slo().isEmpty() ? "none" : esc(r.slo()),
            esc(axis),
            rows,
            resource(UPLOT + "uPlot.iife.min.js").replace("</script", "<\\/script"),
            data.toString().replace("</", "<\\/"),
            axis);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? String.valueOf((long) v)
        : String.format(java.util.Locale.ROOT, "%.2f", v);
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String resource(String path) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing from the class path: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
