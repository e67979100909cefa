package io.aimengine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A fish completion script written from a picocli command model (picocli generates bash only):
 * {@code complete} lines for each command's subcommands, options and the candidates of its
 * positional parameters and options, guarded by the subcommand path typed so far.
 */
final class FishCompletion {
  private FishCompletion() {}

  /** The script for {@code root} and all its subcommands. */
  static String script(CommandSpec root) {
    String cmd = root.name();
    String fn = "__" + cmd.replaceAll("[^A-Za-z0-9]", "_");
    List<String> paths = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    emit(root, "", cmd, fn, paths, body);

    StringBuilder out = new StringBuilder();
    out.append("# fish completion for ")
        .append(cmd)
        .append(", generated from its command model.\n");
    out.append("# Install: ")
        .append(cmd)
        .append(" completion fish > ~/.config/fish/completions/")
        .append(cmd)
        .append(".fish\n\n");
    out.append("set -g ").append(fn).append("_paths");
    for (String p : paths) {
      if (!p.isEmpty()) {
        out.append(' ').append(quote(p));
      }
    }
    out.append("\n\n");
    out.append("# The subcommand path typed so far (\"\", \"cache\", \"cache pull\", ...).\n");
    out.append("function ").append(fn).append("_path\n");
    out.append("    set -l tokens (commandline -opc)\n");
    out.append("    set -e tokens[1]\n");
    out.append("    set -l path ''\n");
    out.append("    for t in $tokens\n");
    out.append("        string match -q -- '-*' $t; and continue\n");
    out.append("        set -l next (string trim -- \"$path $t\")\n");
    out.append("        contains -- $next $").append(fn).append("_paths; and set path $next\n");
    out.append("    end\n");
    out.append("    echo $path\n");
    out.append("end\n\n");
    out.append("function ").append(fn).append("_is\n");
    out.append("    test (").append(fn).append("_path) = \"$argv[1]\"\n");
    out.append("end\n\n");
    out.append("complete -c ").append(cmd).append(" -f\n");
    out.append(body);
    return out.toString();
  }

  private static void emit(
      CommandSpec spec, String path, String cmd, String fn, List<String> paths, StringBuilder out) {
    paths.add(path);
    // Command names are [a-z0-9-]: the path needs no escaping inside the double quotes.
    String guard = " -n '" + fn + "_is \"" + path + "\"'";
    for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (sub.usageMessage().hidden() || !e.getKey().equals(sub.name())) {
        continue; // aliases complete as their command does
      }
      out.append("complete -c ")
          .append(cmd)
          .append(guard)
          .append(" -a ")
          .append(quote(e.getKey()))
          .append(" -d ")
          .append(quote(firstLine(sub.usageMessage().description())))
          .append('\n');
    }
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      StringBuilder line = new StringBuilder("complete -c ").append(cmd).append(guard);
      for (String name : o.names()) {
        if (name.startsWith("--")) {
          line.append(" -l ").append(name.substring(2));
        } else if (name.length() == 2) {
          line.append(" -s ").append(name.substring(1));
        } else {
          line.append(" -o ").append(name.substring(1));
        }
      }
      if (o.arity().max() > 0) {
        line.append(" -r");
        List<String> values = candidates(o.completionCandidates());
        if (!values.isEmpty()) {
          line.append(" -a ").append(quote(String.join(" ", values)));
        }
      }
      line.append(" -d ").append(quote(firstLine(o.description())));
      out.append(line).append('\n');
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      List<String> values = candidates(p.completionCandidates());
      if (!values.isEmpty() && !p.hidden()) {
        out.append("complete -c ")
            .append(cmd)
            .append(guard)
            .append(" -a ")
            .append(quote(String.join(" ", values)))
            .append(" -d ")
            .append(quote(p.paramLabel()))
            .append('\n');
      }
    }
    for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (e.getKey().equals(sub.name())) {
        emit(sub, path.isEmpty() ? e.getKey() : path + " " + e.getKey(), cmd, fn, paths, out);
      }
    }
  }

  private static List<String> candidates(Iterable<String> values) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      values.forEach(out::add);
    }
    return out;
  }

  private static String firstLine(String[] description) {
    if (description == null || description.length == 0) {
      return "";
    }
    String s = description[0];
    int dot = s.indexOf(". ");
    return (dot > 0 ? s.substring(0, dot + 1) : s).replaceAll("%n", " ").strip();
  }

  /** A fish single-quoted string. */
  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
