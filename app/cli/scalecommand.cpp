#include "scalecommand.h"

#include "analysis/scalingstudy.h"
#include "charts/scalingchart.h"
#include "cluster/clusterregistry.h"
#include "cluster/controllerclient.h"
#include "cluster/profilestore.h"
#include "commandhelp.h"
#include "interrupt.h"
#include "report/scalingreport.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

#include <cstdio>
#include <unistd.h>
#include <variant>

namespace {

constexpr int kInterrupted = 130;
constexpr int kAttachTimeoutMs = 10000;

struct ScaleOptions
{
    QStringList paths;
    QString profile;
    QList<int> engines;
    int repeats = 3;
    QString json;
    QString csv;
    QString png;
    QString svg;
};

void printError(const QString &message)
{
    std::fprintf(stderr, "qualcluster: %s\n", qPrintable(message));
}

// The options, or the exit status: 0 after --help, 2 on a usage error (said on stderr).
std::variant<ScaleOptions, int> parseOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs the same analysis on each engine count (and serially, as the baseline) a few times,\n"
                       "and reports the median times, speedup, efficiency, the Amdahl fit and which count pays."));
    parser.addHelpOption();
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QStringLiteral("Scale this profile's running cluster, or start clusters of it "
                                                    "(default: \"default\")."),
                                     QStringLiteral("NAME"), QStringLiteral("default"));
    const QCommandLineOption engines(QStringLiteral("engines"),
                                     QStringLiteral("Engine counts, comma-separated (default: 1, 2, 4... up to the "
                                                    "number of cores)."),
                                     QStringLiteral("LIST"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
                                    QStringLiteral("Runs of each count; the median counts "
                                                   "(default: 3)."),
                                    QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Write the study as JSON."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Write every run's time as CSV."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption png(QStringLiteral("png"), QStringLiteral("Write the scaling chart as PNG."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption svg(QStringLiteral("svg"), QStringLiteral("Write the scaling chart as SVG."),
                                 QStringLiteral("FILE"));
    parser.addOptions({profile, engines, repeat, json, csv, png, svg});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Folders to analyse."),
                                 QStringLiteral("PATH..."));

    const QString usage = QStringLiteral("usage: qualcluster scale [options] PATH... (see --help)");
    const auto usageError = [](const QString &message) {
        printError(message);
        return 2;
    };
    if (!parser.parse(arguments))
        return usageError(parser.errorText() + u'\n' + usage);
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(commandHelp(parser, arguments.constFirst())));
        return 0;
    }
    ScaleOptions options;
    options.paths = parser.positionalArguments();
    if (options.paths.isEmpty())
        return usageError(QStringLiteral("No folder given.\n") + usage);
    options.profile = parser.value(profile);
    if (!qc::ProfileStore().find(options.profile))
        return usageError(QStringLiteral("There is no profile called \"%1\".").arg(options.profile));
    if (parser.isSet(engines)) {
        const auto counts = qc::ScalingStudy::parseEngineCounts(parser.value(engines));
        if (!counts)
            return usageError(QStringLiteral("--engines takes different engine counts from 1 to %1, such as 1,2,4, not "
                                             "\"%2\".")
                                  .arg(qc::ScalingStudy::kMaxEngines)
                                  .arg(parser.value(engines)));
        options.engines = *counts;
    } else {
        options.engines = qc::ScalingStudy::defaultEngineCounts();
    }
    bool ok = false;
    options.repeats = parser.value(repeat).toInt(&ok);
    if (!ok || options.repeats < 1 || options.repeats > 100)
        return usageError(
            QStringLiteral("--repeat takes a number of runs from 1 to 100, not \"%1\".").arg(parser.value(repeat)));
    options.json = parser.value(json);
    options.csv = parser.value(csv);
    options.png = parser.value(png);
    options.svg = parser.value(svg);
    return options;
}

QString secondsList(const QList<double> &seconds)
{
    QStringList words;
    for (const double s : seconds)
        words.append(QString::number(s, 'f', 3));
    return words.join(u' ');
}

void printTable(const qc::ScalingResult &result)
{
    std::printf("%-8s %10s %8s %11s %9s  %s\n", "engines", "median s", "speedup", "efficiency", "start s",
                "each run (s)");
    std::printf("%-8s %10.3f %8s %11s %9s  %s\n", "serial", result.serialMedian, "1.00", "-", "-",
                qPrintable(secondsList(result.serialSeconds)));
    for (const qc::ScalingPoint &p : result.points)
        std::printf("%-8d %10.3f %8.2f %9.0f %% %9.2f  %s\n", p.engines, p.medianSeconds, p.speedup, 100 * p.efficiency,
                    p.startupSeconds, qPrintable(secondsList(p.wallSeconds)));
    std::printf("\n%s\n\n%s\n", qPrintable(qc::describeFit(result.fit)), qPrintable(result.words));
}

int writeOutputs(const ScaleOptions &options, const qc::ScalingResult &result)
{
    int status = 0;
    const auto write = [&status](const QString &path, const char *what, auto writer) {
        if (path.isEmpty())
            return;
        std::optional<QString> error;
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            error = QStringLiteral("Cannot create the folder %1.").arg(QFileInfo(path).absolutePath());
        else
            error = writer();
        if (error) {
            printError(*error);
            status = 1;
        } else {
            std::printf("%s: %s\n", what, qPrintable(path));
        }
    };
    write(options.json, "scaling study (JSON)", [&] { return qc::writeScalingJsonReport(result, options.json); });
    write(options.csv, "each run's time (CSV)", [&] { return qc::writeScalingCsvReport(result, options.csv); });
    write(options.png, "scaling chart (PNG)", [&] { return qc::exportScalingChart(result, options.png); });
    write(options.svg, "scaling chart (SVG)", [&] { return qc::exportScalingChart(result, options.svg); });
    return status;
}

} // namespace

int runScaleCommand(const QStringList &arguments)
{
    const auto parsed = parseOptions(arguments);
    if (const int *status = std::get_if<int>(&parsed))
        return *status;
    const ScaleOptions &options = std::get<ScaleOptions>(parsed);

    QStringList problems;
    const QList<qc::Sample> samples = qc::discoverSamples(options.paths, &problems);
    for (const QString &problem : std::as_const(problems))
        printError(problem);
    if (samples.isEmpty()) {
        printError(QStringLiteral("Nothing to analyse."));
        return 1;
    }
    // The profile's running cluster is scaled to each count and set back after; without one, the
    // study starts a cluster of the profile for each count.
    std::unique_ptr<qc::ControllerClient> client;
    if (qc::ClusterRegistry().running(options.profile)) {
        client = std::make_unique<qc::ControllerClient>(options.profile);
        if (!client->attach() || !client->waitForReady(kAttachTimeoutMs)) {
            printError(client->errorString().isEmpty()
                           ? QStringLiteral("The cluster \"%1\" did not answer.").arg(options.profile)
                           : client->errorString());
            return 1;
        }
    }

    InterruptWatcher interrupt;
    qc::ScalingStudy study;
    study.setRecordInHistory(true);
    std::optional<qc::ScalingResult> result;
    int failure = 0;
    QEventLoop loop;
    QObject::connect(&study, &qc::ScalingStudy::finished, &loop, [&](const qc::ScalingResult &r) {
        result = r;
        loop.quit();
    });
    QObject::connect(&study, &qc::ScalingStudy::failed, &loop, [&](const QString &reason) {
        printError(reason);
        failure = 1;
        loop.quit();
    });
    QObject::connect(&study, &qc::ScalingStudy::warning, &loop, printError);
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&] {
        study.cancel();
        failure = kInterrupted;
        loop.quit();
    });
    const bool terminal = ::isatty(STDERR_FILENO);
    if (terminal)
        QObject::connect(&study, &qc::ScalingStudy::progress, &loop, [](const QString &step, int done, int total) {
            std::fprintf(stderr, "\r%s (%d/%d runs done)\033[K", qPrintable(step), done, total);
        });
    const auto profile = qc::ProfileStore().find(options.profile);
    study.start(samples, options.engines, options.repeats, client.get(), *profile);
    loop.exec();
    if (terminal)
        std::fprintf(stderr, "\r\033[K");
    if (!result)
        return failure;

    printTable(*result);
    std::fflush(stdout);
    return writeOutputs(options, *result);
}
