package dev.dangol.loadgen;

import java.util.Map;

/** Reads sums out of a Prometheus text page: enough for the replay's timeline, no client library. */
final class Prometheus {

    private Prometheus() {}

    /**
     * The sum of every sample of {@code name} whose labels include all of {@code labels}; NaN when there is none.
     */
    static double sum(String page, String name, Map<String, String> labels) {
        double total = 0;
        boolean found = false;
        int from = 0;
        while (from < page.length()) {
            int end = page.indexOf('\n', from);
            if (end < 0) {
                end = page.length();
            }
            if (page.startsWith(name, from) && page.charAt(from) != '#') {
                String line = page.substring(from, end);
                int after = name.length();
                if (after < line.length() && (line.charAt(after) == '{' || line.charAt(after) == ' ')) {
                    String labelText = "";
                    int valueAt = after;
                    if (line.charAt(after) == '{') {
                        int close = line.indexOf('}', after);
                        labelText = line.substring(after + 1, close);
                        valueAt = close + 1;
                    }
                    if (matches(labelText, labels)) {
                        String value = line.substring(valueAt).trim().split(" ")[0];
                        try {
                            total += Double.parseDouble(value);
                            found = true;
                        } catch (NumberFormatException ignored) {
                            // A sample we cannot read counts as absent.
                        }
                    }
                }
            }
            from = end + 1;
        }
        return found ? total : Double.NaN;
    }

    private static boolean matches(String labelText, Map<String, String> labels) {
        for (Map.Entry<String, String> wanted : labels.entrySet()) {
            if (!labelText.contains(wanted.getKey() + "=\"" + wanted.getValue() + "\"")) {
                return false;
            }
        }
        return true;
    }
}
