// The window's run path timed beside the command line's, on the same data and the same running
// cluster: speedup over serial, the engines' busy share, the window's parallel wall time against
// the CLI's, how long the GUI thread ever stalled during a run, and how long the charts take to
// draw. A benchmark, not a test: it prints figures with their targets and never fails on one.
//   qualcluster-guibench LARGE_SET DEMO_SET [BIG_SET]
// BIG_SET (e.g. growth.py's x30) is run once more in the window alone: does it stay responsive?
#include "charts/qualitychart.h"
#include "mainwindow.h"
#include "panels/chartspanel.h"
#include "panels/datapanel.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

QString app()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/qualcluster");
}

bool runApp(const QStringList &arguments, QByteArray *out = nullptr)
{
    QProcess process;
    process.start(app(), arguments);
    if (!process.waitForFinished(300000) || process.exitCode() != 0) {
        std::fprintf(stderr, "qualcluster %s failed: %s\n", qPrintable(arguments.join(u' ')),
                     process.readAllStandardError().constData());
        return false;
    }
    if (out)
        *out = process.readAllStandardOutput();
    return true;
}

// Share of the parallel phase the engines spent on tasks, from the run's own timeline.
double busyShare(const qc::RunResult &run)
{
    if (run.tasks.isEmpty())
        return 0;
    qint64 first = run.tasks.front().startUs, last = run.tasks.front().endUs, work = 0;
    QSet<qint64> engines;
    for (const qc::TaskTiming &task : run.tasks) {
        first = std::min(first, task.startUs);
        last = std::max(last, task.endUs);
        work += task.endUs - task.startUs;
        engines.insert(task.pid);
    }
    return double(work) / double((last - first) * engines.size());
}

struct Figures
{
    std::vector<double> speedup, wall, serial, busy, stallMs, drawMs;
};

// One window per data set, attached to the running cluster; the first run warms the engines and
// the page cache and is not counted.
Figures measureWindow(const QString &set, int rounds)
{
    MainWindow window;
    window.resize(1500, 950);
    window.show();
    window.dataPanel()->addPaths({set});
    Figures figures;
    for (int round = 0; round <= rounds; ++round) {
        // The GUI thread's longest stall: a 5 ms timer that should fire every 5 ms.
        QElapsedTimer sinceTick;
        qint64 stallNs = 0;
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            stallNs = std::max(stallNs, sinceTick.nsecsElapsed());
            sinceTick.restart();
        });
        QSignalSpy finished(&window, &MainWindow::runFinished);
        sinceTick.start();
        ticker.start(5);
        window.runAnalysis();
        if (!finished.wait(300000) || !window.lastRun()) {
            std::fprintf(stderr, "the window's run did not finish\n");
            std::exit(1);
        }
        ticker.stop();
        QElapsedTimer draw;
        draw.start();
        window.chartsPanel()->grab(); // every chart the panel shows, laid out and painted
        const double drawMs = double(draw.nsecsElapsed()) / 1e6;
        if (round == 0)
            continue;
        const qc::RunTiming &timing = window.lastRun()->timing;
        figures.wall.push_back(timing.wallSeconds);
        figures.serial.push_back(timing.serialSeconds.value_or(0));
        figures.speedup.push_back(timing.speedup().value_or(0));
        figures.busy.push_back(busyShare(*window.lastRun()));
        figures.stallMs.push_back(double(stallNs) / 1e6 - 5);
        figures.drawMs.push_back(drawMs);
    }
    return figures;
}

Figures measureCli(const QString &set, const QString &json, int rounds)
{
    Figures figures;
    for (int round = 0; round < rounds; ++round) {
        if (!runApp({QStringLiteral("analyze"), QStringLiteral("--profile"), QStringLiteral("default"),
                     QStringLiteral("--compare-serial"), QStringLiteral("--json"), json, set}))
            std::exit(1);
        QFile file(json);
        file.open(QIODevice::ReadOnly);
        const QJsonObject run = QJsonDocument::fromJson(file.readAll()).object().value(u"run").toObject();
        figures.wall.push_back(run.value(u"wall_seconds").toDouble());
        figures.serial.push_back(run.value(u"serial_seconds").toDouble());
        figures.speedup.push_back(run.value(u"speedup").toDouble());
    }
    return figures;
}

void line(const char *what, double value, const char *unit, const char *target, const QString &note = {})
{
    std::printf("%-48s %9.3f %-3s target %-8s %s\n", what, value, unit, target, qPrintable(note));
}

void report(const char *name, const QString &set, int rounds, const QString &json, const char *speedupTarget)
{
    const Figures gui = measureWindow(set, rounds);
    const Figures cli = measureCli(set, json, rounds);
    const QString of = QStringLiteral("(median of %1; parallel %2 s, serial %3 s)").arg(rounds);
    std::printf("%s set, 2 warm engines of one running cluster:\n", name);
    line("  window: speedup over serial", median(gui.speedup), "x", speedupTarget,
         of.arg(median(gui.wall), 0, 'f', 4).arg(median(gui.serial), 0, 'f', 4));
    line("  command line, same cluster: speedup", median(cli.speedup), "x", speedupTarget,
         of.arg(median(cli.wall), 0, 'f', 4).arg(median(cli.serial), 0, 'f', 4));
    line("  window's parallel wall / command line's", median(gui.wall) / median(cli.wall), "", "<= 1.10");
    line("  window: engines busy in the parallel phase", 100 * median(gui.busy), "%", ">= 90");
    line("  window: longest GUI-thread stall in a run", *std::max_element(gui.stallMs.begin(), gui.stallMs.end()), "ms",
         "-", QStringLiteral("(beyond the 5 ms timer that measures it)"));
    line("  window: charts panel drawn after a run", median(gui.drawMs), "ms", "<= 100");
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: qualcluster-guibench LARGE_SET DEMO_SET [BIG_SET]\n");
        return 2;
    }
    // Private config and runtime folders: the bench never sees or touches the user's clusters.
    QTemporaryDir scratch;
    QDir(scratch.path()).mkpath(QStringLiteral("run"));
    QFile::setPermissions(scratch.path() + QStringLiteral("/run"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(scratch.path() + QStringLiteral("/config")));
    qputenv("XDG_DATA_HOME", QFile::encodeName(scratch.path() + QStringLiteral("/data")));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(scratch.path() + QStringLiteral("/run")));
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    const QString large = QString::fromLocal8Bit(argv[1]), demo = QString::fromLocal8Bit(argv[2]);

    if (!runApp({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--profile"),
                 QStringLiteral("default"), QStringLiteral("-n"), QStringLiteral("2")}))
        return 1;
    const QString json = scratch.path() + QStringLiteral("/cli.json");
    report("large", large, 3, json, ">= 1.7");
    report("demo", demo, 5, json, ">= 1.3");
    if (argc == 4) {
        const Figures big = measureWindow(QString::fromLocal8Bit(argv[3]), 1);
        std::printf("big set, in the window only:\n");
        line("  window: parallel wall", big.wall.front(), "s", "-");
        line("  window: longest GUI-thread stall in the run", big.stallMs.front(), "ms", "-",
             QStringLiteral("(beyond the 5 ms timer that measures it)"));
        line("  window: charts panel drawn after the run", big.drawMs.front(), "ms", "<= 100");
    }
    runApp({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--all")});
    return 0;
}
