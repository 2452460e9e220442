package dev.poolguard.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The table every phase adds its rows to, printed at the end as text (stdout and {@code table.txt}) and
 * as Markdown ({@code table.md}, for RESULTS.md):
 * {@code benchmark | unit | plain | agent | ratio | budget | ok? | note}.
 */
final class Table {
    private static final String[] HEAD = {"benchmark", "unit", "plain", "agent", "ratio", "budget", "ok?", "note"};

    /** One line of the table; {@code verdict} is a {@link Budget} verdict, or empty for information. */
    record Row(String benchmark, String unit, String plain, String agent, String ratio, String budget,
               String verdict, String note) {
        String[] cells() {
            return new String[] {benchmark, unit, plain, agent, ratio, budget, verdict, note == null ? "" : note.strip()};
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> misses = new ArrayList<>();
    /** Rows whose median is over budget while the 95% interval still reaches under it. */
    private final List<String> unresolved = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        if (Budget.MISS.equals(row.verdict())) {
            misses.add(row.benchmark());
        } else if (Budget.NOISE.equals(row.verdict())) {
            unresolved.add(row.benchmark());
        }
    }

    /** A row without a budget, for information. */
    void info(String benchmark, String unit, String plain, String agent, String ratio, String note) {
        add(new Row(benchmark, unit, plain, agent, ratio, "(info)", "", note));
    }

    /** Prints the table after {@code header}, and writes table.txt and table.md into the results directory. */
    void print(String header, double minutes, Settings settings) throws IOException {
        List<String[]> all = new ArrayList<>();
        all.add(HEAD);
        rows.forEach(row -> all.add(row.cells()));
        int[] width = new int[HEAD.length];
        for (String[] row : all) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder(header).append('\n');
        StringBuilder markdown = new StringBuilder(header.replace("\n", "  \n")).append("\n\n");
        for (int r = 0; r < all.size(); r++) {
            String[] row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                boolean numeric = c >= 2 && c <= 4; // plain, agent, ratio: right-aligned
                line.append(c == 0 ? "" : " | ").append(pad(row[c], width[c], numeric));
            }
            text.append(line.toString().stripTrailing()).append('\n');
            markdown.append("| ").append(String.join(" | ", Arrays.stream(row)
                    .map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
            if (r == 0) {
                text.append("-".repeat(line.length())).append('\n');
                markdown.append("|---|---|---:|---:|---:|---|---|---|\n");
            }
        }
        text.append(misses.isEmpty() ? "all budgets met\n" : "MISSED: " + String.join("; ", misses) + "\n");
        if (!unresolved.isEmpty()) {
            text.append("WITHIN NOISE (median over budget, 95% interval reaching under it): ")
                    .append(String.join("; ", unresolved)).append("\n");
        }
        text.append(Fmt.format("total run time %.1f min%n", minutes));
        System.out.println();
        System.out.print(text);
        Files.writeString(settings.out.resolve("table.txt"), text);
        Files.writeString(settings.out.resolve("table.md"), markdown);
        Log.progress("table written to " + settings.out.resolve("table.txt") + " and table.md");
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
