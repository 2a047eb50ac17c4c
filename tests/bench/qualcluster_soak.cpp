// Soak: analyses run back to back for a while on one cluster, with an engine killed now and then,
// printing the memory and open files of the controller and its engines over time. They must stay
// flat. Not a test (it takes minutes): tests/soak.sh runs it.
#include "analysis/sample.h"
#include "cluster/analysisrun.h"
#include "cluster/localcluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <csignal>
#include <cstdio>

using namespace qc;

namespace {

qint64 rssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

qsizetype openFiles(qint64 pid)
{
    return QDir(QStringLiteral("/proc/%1/fd").arg(pid))
        .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)
        .size();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: qualcluster-soak ENGINE DATA MINUTES\n");
        return 2;
    }
    QStringList problems;
    const auto samples = discoverSamples({args[2]}, &problems);
    const qint64 durationMs = qint64(args[3].toDouble() * 60'000);

    LocalCluster cluster(nullptr, args[1]);
    cluster.start(2);
    QElapsedTimer clock;
    clock.start();
    qint64 runs = 0, kills = 0, lastReport = -1, lastKill = 0;
    std::printf("seconds\truns\tkills\tcontroller_rss_kb\tcontroller_fds\tengine_rss_kb\tengine_fds\n");
    while (clock.elapsed() < durationMs) {
        AnalysisRun run(RunMode::Balanced, samples, planTasks(samples, 2), &cluster, 2);
        QEventLoop loop;
        QObject::connect(&run, &AnalysisRun::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(0, &run, &AnalysisRun::start);
        // A fault while the run is going: one engine killed every 25 s, within the restart cap.
        if (clock.elapsed() - lastKill > 25'000) {
            QTimer::singleShot(5, &cluster, [&] {
                const auto engines = cluster.engines();
                for (const EngineInfo &engine : engines)
                    if (engine.state == EngineState::Busy) {
                        ::kill(pid_t(engine.pid), SIGKILL);
                        ++kills;
                        break;
                    }
            });
            lastKill = clock.elapsed();
        }
        loop.exec();
        ++runs;
        if (clock.elapsed() / 10'000 != lastReport) {
            lastReport = clock.elapsed() / 10'000;
            qint64 engineRss = 0;
            qsizetype engineFds = 0;
            for (const EngineInfo &engine : cluster.engines())
                if (engine.state == EngineState::Idle || engine.state == EngineState::Busy) {
                    engineRss = std::max(engineRss, rssKb(engine.pid));
                    engineFds = std::max(engineFds, openFiles(engine.pid));
                }
            const qint64 self = QCoreApplication::applicationPid();
            std::printf("%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\n", clock.elapsed() / 1000, runs, kills, rssKb(self),
                        qint64(openFiles(self)), engineRss, qint64(engineFds));
            std::fflush(stdout);
        }
    }
    return 0;
}
