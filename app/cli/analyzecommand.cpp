#include "analyzecommand.h"

#include "analyzeoptions.h"
#include "charts/chartexport.h"
#include "cluster/clusterregistry.h"
#include "cluster/controllerclient.h"
#include "cluster/localcluster.h"
#include "cluster/profilestore.h"
#include "cluster/runcontroller.h"
#include "history/runrecorder.h"
#include "interrupt.h"
#include "report/csvreport.h"
#include "report/jsonreport.h"
#include "report/multiqcreport.h"
#include "runsummary.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

#include <cstdio>
#include <unistd.h>

namespace {

constexpr int kInterrupted = 130;
constexpr int kAttachTimeoutMs = 10000;

void printError(const QString &message)
{
    std::fprintf(stderr, "qualcluster: %s\n", qPrintable(message));
}

// Runs through the same RunController as the window and waits for the outcome: the result, or
// nullopt with the exit status in `failure` (1 could not run, 130 interrupted).
std::optional<qc::RunResult> runAndWait(qc::Cluster *cluster, const QList<qc::Sample> &samples,
                                        const AnalyzeOptions &options, int workers, int *failure)
{
    InterruptWatcher interrupt;
    qc::RunController controller(cluster);
    std::optional<qc::RunResult> result;
    QEventLoop loop;
    QObject::connect(&controller, &qc::RunController::runFinished, &loop, [&](const qc::RunResult &r) {
        result = r;
        loop.quit();
    });
    QObject::connect(&controller, &qc::RunController::runFailed, &loop, [&](const QString &reason) {
        printError(reason);
        *failure = 1;
        loop.quit();
    });
    QObject::connect(&controller, &qc::RunController::warning, &loop, printError);
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&] {
        controller.cancel();
        *failure = kInterrupted;
        loop.quit();
    });
    if (::isatty(STDERR_FILENO))
        QObject::connect(&controller, &qc::RunController::progress, &loop,
                         [](const QString &phase, int done, int total, const qc::TaskResult &r) {
                             std::fprintf(stderr, "\r%s: %d/%d tasks done (%s)\033[K", qPrintable(phase), done, total,
                                          qPrintable(r.sample));
                         });
    controller.run(samples, options.mode, workers, options.compareSerial);
    if (controller.isRunning())
        loop.exec();
    if (::isatty(STDERR_FILENO))
        std::fprintf(stderr, "\r\033[K");
    return result;
}

// Writes each output asked for, creating its folder; says where each one went, and adds it to
// `written` (for the run history), or its failure to `failures`.
int writeOutputs(const AnalyzeOptions &options, const qc::RunResult &result, QStringList *written,
                 QStringList *failures)
{
    int status = 0;
    const auto failed = [&status, failures](const QString &error) {
        printError(error);
        failures->append(error);
        status = 1;
    };
    const auto write = [&failed, written](const QString &path, const char *what, auto writer) {
        if (path.isEmpty())
            return;
        const QString folder = QFileInfo(path).absolutePath();
        std::optional<QString> error;
        if (!QDir().mkpath(folder))
            error = QStringLiteral("Cannot create the folder %1.").arg(folder);
        else
            error = writer();
        if (error) {
            failed(*error);
        } else {
            std::printf("%s: %s\n", what, qPrintable(path));
            written->append(QFileInfo(path).absoluteFilePath());
        }
    };
    write(options.jsonPath, "results (JSON)",
          [&] { return qc::writeJsonReport(result, options.jsonPath, options.minQv20); });
    write(options.csvPath, "per-position statistics (CSV)",
          [&] { return qc::writeCsvReport(result, options.csvPath); });
    write(options.readsCsvPath, "per-read QC (CSV)",
          [&] { return qc::writeReadsCsvReport(result, options.readsCsvPath); });
    if (!options.pngDir.isEmpty()) {
        if (const auto error = qc::exportRunCharts(result, options.pngDir)) {
            failed(*error);
        } else {
            written->append(QFileInfo(options.pngDir).absoluteFilePath());
            std::printf("charts (PNG): %s/<folder>.png and %s/overlay.png\n", qPrintable(options.pngDir),
                        qPrintable(options.pngDir));
        }
    }
    if (!options.multiqcDir.isEmpty()) {
        if (const auto error = qc::writeMultiqcReport(result, options.multiqcDir, options.minQv20)) {
            failed(*error);
        } else {
            written->append(QFileInfo(options.multiqcDir).absoluteFilePath());
            std::printf("MultiQC custom content: %s/%s and %s/%s\n", qPrintable(options.multiqcDir),
                        qPrintable(qc::kMultiqcMeanQualityFile), qPrintable(options.multiqcDir),
                        qPrintable(qc::kMultiqcGeneralStatsFile));
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
    // The profile's running cluster when there is one (its engines stay up afterwards), else
    // engines of this command's own, stopped when it ends (the cluster's destructor).
    std::unique_ptr<qc::Cluster> cluster;
    int workers = options.engines;
    if (qc::usesEngines(options.mode)) {
        QString note;
        if (qc::ClusterRegistry().running(options.profile, &note)) {
            auto client = std::make_unique<qc::ControllerClient>(options.profile);
            if (!client->attach() || !client->waitForReady(kAttachTimeoutMs)) {
                printError(client->errorString().isEmpty()
                               ? QStringLiteral("The cluster \"%1\" did not answer.").arg(options.profile)
                               : client->errorString());
                return 1;
            }
            workers = std::max(client->connectedCount(), 1);
            if (options.enginesGiven && options.engines != workers)
                printError(
                    QStringLiteral("The cluster \"%1\" runs %2 engines; -n %3 is ignored ('qualcluster cluster scale "
                                   "--profile %1 %3' changes it).")
                        .arg(options.profile)
                        .arg(workers)
                        .arg(options.engines));
            cluster = std::move(client);
        } else if (!note.isEmpty()) {
            printError(note);
        }
    }
    if (!cluster) {
        auto own = std::make_unique<qc::LocalCluster>();
        if (const auto profile = qc::ProfileStore().find(options.profile))
            own->setProfile(*profile); // its launcher: here, over ssh or as Slurm jobs
        cluster = std::move(own);
    }
    int failure = 0;
    qc::RunContext context;
    context.source = QStringLiteral("cli");
    context.startedAt = QDateTime::currentDateTimeUtc();
    auto result = runAndWait(cluster.get(), samples, options, workers, &failure);
    if (!result)
        return failure;
    context.finishedAt = QDateTime::currentDateTimeUtc();
    if (qc::usesEngines(options.mode)) {
        context.profile = options.profile;
        const auto profile = qc::ProfileStore().find(options.profile);
        context.launcher = profile ? profile->launcher : QStringLiteral("local");
    }

    std::printf("%s\n%s", qPrintable(formatSampleTable(*result, options.minQv20)), qPrintable(formatTiming(*result)));
    const QString rejected = formatRejectedFiles(*result);
    if (!rejected.isEmpty())
        std::fprintf(stderr, "%s", qPrintable(rejected));
    std::fflush(stdout);
    context.errors = problems + qc::describeRunProblems(*result);
    const int status = writeOutputs(options, *result, &context.outputs, &context.errors) != 0 ? 1
        : result->rejectedFiles() > 0 || !problems.isEmpty()                                  ? 3
                                                                                              : 0;
    // After the outputs, so the history says where they went; its failure never changes the status.
    context.exitStatus = status;
    for (const QString &message : qc::recordRun(*result, context))
        printError(message);
    return status;
}
