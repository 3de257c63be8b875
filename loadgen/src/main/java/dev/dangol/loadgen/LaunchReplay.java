package dev.dangol.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a launch day against running Dangol nodes and checks the books at the end (docs/load-replay.md).
 *
 * <pre>
 *   java -cp 'loadgen/target/dangol-loadgen-0.1.0-SNAPSHOT.jar:loadgen/target/lib/*' dev.dangol.loadgen.LaunchReplay \
 *     --scenario=seoul-2022 --url=http://127.0.0.1:8080 --gateway=http://127.0.0.1:8090 \
 *     --jdbc='jdbc:h2:tcp://...' --out=target/replay
 * </pre>
 *
 * <p>Exit code 0 when every check passed, 1 when one failed, 2 for a usage error.
 */
public final class LaunchReplay {

    private LaunchReplay() {}

    public static void main(String[] args) throws Exception {
        String scenarioName = null;
        List<URI> nodes = new ArrayList<>();
        URI gateway = URI.create("http://127.0.0.1:8090");
        String jdbc = null;
        String jdbcUser = "sa";
        String jdbcPassword = "";
        Path out = Path.of("target", "replay");
        boolean sticky = false;
        Double scale = null;
        List<Long> pids = new ArrayList<>();
        String operatorName = "최운영";
        String operatorPhone = "01010000009";
        int inFlight = 512;
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.startsWith("--scenario=")) {
                scenarioName = value;
            } else if (arg.startsWith("--url=")) {
                for (String url : value.split(",")) {
                    nodes.add(URI.create(url.trim()));
                }
            } else if (arg.startsWith("--gateway=")) {
                gateway = URI.create(value);
            } else if (arg.startsWith("--jdbc=")) {
                jdbc = value;
            } else if (arg.startsWith("--jdbc-user=")) {
                jdbcUser = value;
            } else if (arg.startsWith("--jdbc-password=")) {
                jdbcPassword = value;
            } else if (arg.startsWith("--out=")) {
                out = Path.of(value);
            } else if (arg.equals("--sticky")) {
                sticky = true;
            } else if (arg.equals("--round-robin")) {
                sticky = false;
            } else if (arg.startsWith("--scale=")) {
                scale = Double.parseDouble(value);
            } else if (arg.startsWith("--server-pids=")) {
                for (String pid : value.split(",")) {
                    if (!pid.isBlank()) {
                        pids.add(Long.parseLong(pid.trim()));
                    }
                }
            } else if (arg.startsWith("--operator-phone=")) {
                operatorPhone = value;
            } else if (arg.startsWith("--operator-name=")) {
                operatorName = value;
            } else if (arg.startsWith("--in-flight=")) {
                inFlight = Integer.parseInt(value);
            } else {
                usage("unknown argument " + arg);
                return;
            }
        }
        if (scenarioName == null || nodes.isEmpty() || jdbc == null) {
            usage("--scenario, --url and --jdbc are required");
            return;
        }
        Scenario scenario = Scenario.load(scenarioName);
        if (scale != null) {
            scenario = scenario.withScale(scale);
        }
        Replay.Target target = new Replay.Target(
                nodes, sticky, gateway, jdbc, jdbcUser, jdbcPassword, pids, operatorName, operatorPhone, inFlight);
        ReplayReport report = new Replay(scenario, target).run(out);
        System.exit(report.passed() ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: LaunchReplay --scenario=<name or file> --url=<node>[,<node>...] --jdbc=<url>"
                + " [--jdbc-user=sa] [--jdbc-password=] [--gateway=http://127.0.0.1:8090] [--out=target/replay]"
                + " [--sticky|--round-robin] [--scale=<0..1>] [--server-pids=<pid>,...] [--in-flight=512]"
                + " [--operator-phone=01010000009] [--operator-name=최운영]");
        System.exit(2);
    }
}
