#include "analyzecommand.h"

#include "analyzeoptions.h"
#include "charts/chartexport.h"
#include "cluster/analysisrun.h"
#include "cluster/localcluster.h"
#include "interrupt.h"
#include "report/csvreport.h"
#include "report/jsonreport.h"
#include "runsummary.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace {

constexpr int kEngineStartTimeoutMs = 30000;
constexpr int kInterrupted = 130;

void printError(const QString &message)
{
    std::fprintf(stderr, "qualcluster: %s\n", qPrintable(message));
}

// Starts the engines and waits until every one has connected (or failed). Returns the seconds it
// took, or nullopt with the exit status in `failure`: 1 when no engine came up, 130 when interrupted.
std::optional<double> startCluster(qc::LocalCluster &cluster, int engines, InterruptWatcher &interrupt, int *failure)
{
    *failure = 1;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(&cluster, &qc::LocalCluster::ready, &loop, [&loop] { loop.exit(0); });
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&loop] { loop.exit(kInterrupted); });
    QTimer::singleShot(kEngineStartTimeoutMs, &loop, [&loop] { loop.exit(1); });
    if (!cluster.start(engines)) {
        printError(cluster.errorString());
        return std::nullopt;
    }
    const int outcome = loop.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    if (outcome == kInterrupted) {
        *failure = kInterrupted;
        return std::nullopt;
    }
    if (cluster.connectedCount() == 0) {
        printError(QStringLiteral("No engine started (%1). Is qualcluster-engine beside qualcluster?")
                       .arg(qc::LocalCluster::defaultEngineProgram()));
        return std::nullopt;
    }
    if (cluster.connectedCount() < engines)
        printError(QStringLiteral("Only %1 of %2 engines started; going on with those.").arg(cluster.connectedCount()).arg(engines));
    return seconds;
}

// Runs the tasks and waits for the results; nullopt when the user interrupted.
std::optional<qc::RunResult> runAndWait(qc::RunMode mode, const QList<qc::Sample> &samples,
                                        const QList<qc::AnalysisTask> &tasks, qc::LocalCluster *cluster,
                                        int workers, InterruptWatcher &interrupt)
{
    const bool showProgress = ::isatty(STDERR_FILENO);
    qc::AnalysisRun run(mode, samples, tasks, cluster, workers);
    std::optional<qc::RunResult> result;
    QEventLoop loop;
    QObject::connect(&run, &qc::AnalysisRun::finished, &loop, [&](const qc::RunResult &r) {
        result = r;
        loop.quit();
    });
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&] {
        run.cancel();
        loop.quit();
    });
    if (showProgress)
        QObject::connect(&run, &qc::AnalysisRun::taskFinished, &loop, [&](const qc::TaskResult &r, int done, int total) {
            std::fprintf(stderr, "\r%s: %d/%d tasks done (%s)\033[K", qPrintable(qc::runModeName(mode)), done,
                         total, qPrintable(r.sample));
        });
    QTimer::singleShot(0, &run, &qc::AnalysisRun::start);
    loop.exec();
    if (showProgress)
        std::fprintf(stderr, "\r\033[K");
    return result;
}

// Writes each output asked for, creating its folder; says where each one went.
int writeOutputs(const AnalyzeOptions &options, const qc::RunResult &result)
{
    int status = 0;
    const auto write = [&status](const QString &path, const char *what, auto writer) {
        if (path.isEmpty())
            return;
        const QString folder = QFileInfo(path).absolutePath();
        std::optional<QString> error;
        if (!QDir().mkpath(folder))
            error = QStringLiteral("Cannot create the folder %1.").arg(folder);
        else
            error = writer();
        if (error) {
            printError(*error);
            status = 1;
        } else {
            std::printf("%s: %s\n", what, qPrintable(path));
        }
    };
    write(options.jsonPath, "results (JSON)", [&] { return qc::writeJsonReport(result, options.jsonPath, options.minQv20); });
    write(options.csvPath, "per-position statistics (CSV)", [&] { return qc::writeCsvReport(result, options.csvPath); });
    write(options.readsCsvPath, "per-read QC (CSV)", [&] { return qc::writeReadsCsvReport(result, options.readsCsvPath); });
    if (!options.pngDir.isEmpty()) {
        if (const auto error = qc::exportRunCharts(result, options.pngDir)) {
            printError(*error);
            status = 1;
        } else {
            std::printf("charts (PNG): %s/<folder>.png and %s/overlay.png\n", qPrintable(options.pngDir),
                        qPrintable(options.pngDir));
        }
    }
    return status;
}

} // namespace

int runAnalyzeCommand(const QStringList &arguments)
{
    const auto parsed = parseAnalyzeOptions(arguments);
    if (const auto *usage = std::get_if<UsageError>(&parsed)) {
        if (usage->message.isEmpty()) {
            std::printf("%s", qPrintable(usage->help));
            return 0;
        }
        printError(usage->message);
        return 2;
    }
    const AnalyzeOptions &options = std::get<AnalyzeOptions>(parsed);

    QStringList problems;
    const QList<qc::Sample> samples = qc::discoverSamples(options.paths, &problems);
    for (const QString &problem : std::as_const(problems))
        printError(problem);
    if (samples.isEmpty()) {
        printError(QStringLiteral("Nothing to analyse."));
        return 1;
    }
    const QList<qc::AnalysisTask> tasks = qc::planTasks(samples, options.engines);

    InterruptWatcher interrupt;
    qc::LocalCluster cluster;
    double startupSeconds = 0;
    if (qc::usesEngines(options.mode)) {
        int failure = 0;
        const auto started = startCluster(cluster, options.engines, interrupt, &failure);
        if (!started)
            return failure;
        startupSeconds = *started;
    }
    auto result = runAndWait(options.mode, samples, tasks, &cluster, options.engines, interrupt);
    if (!result)
        return kInterrupted; // the cluster's destructor stops every engine
    result->timing.startupSeconds = startupSeconds;
    cluster.stop();

    if (options.compareSerial) {
        const auto serial = runAndWait(qc::RunMode::Serial, samples, tasks, nullptr, 1, interrupt);
        if (!serial)
            return kInterrupted;
        result->timing.serialSeconds = serial->timing.wallSeconds;
    }

    std::printf("%s\n%s", qPrintable(formatSampleTable(*result, options.minQv20)), qPrintable(formatTiming(result->timing)));
    const QString rejected = formatRejectedFiles(*result);
    if (!rejected.isEmpty())
        std::fprintf(stderr, "%s", qPrintable(rejected));
    std::fflush(stdout);
    if (writeOutputs(options, *result) != 0)
        return 1;
    return result->rejectedFiles() > 0 || !problems.isEmpty() ? 3 : 0;
}
