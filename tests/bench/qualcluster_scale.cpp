// How far one controller goes: N engines started and fed small tasks, over the local socket and
// over TCP with TLS on loopback, side by side in one run. A benchmark, not a test.
#include "cluster/enginehandle.h"
#include "cluster/localcluster.h"
#include "protocol/messages.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>

using namespace qc;

namespace {

// Engines on this machine that connect over TCP with TLS, as engines elsewhere do.
class LoopbackTcpLauncher : public EngineLauncher
{
public:
    explicit LoopbackTcpLauncher(QString engine)
        : m_engine(std::move(engine))
    {}
    QString kind() const override { return QStringLiteral("tcp"); }
    void launch(const QList<EngineHandle *> &engines, const LaunchContext &context) override
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(kSecretVariable), QString::fromLatin1(context.secret.toHex()));
        for (EngineHandle *engine : engines)
            engine->startProcess(m_engine,
                                 {QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(context.address.port),
                                  QStringLiteral("--engine-id"), QString::number(engine->id())},
                                 environment);
    }
    QString script(int, const LaunchContext &) const override { return {}; }

private:
    QString m_engine;
};

double cpuSeconds()
{
    rusage usage = {};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

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

void measure(const QString &engine, const char *transport, int engines, int tasks)
{
    LocalCluster cluster(nullptr, engine);
    Profile profile{QStringLiteral("bench"), engines};
    if (QByteArray(transport) == "tcp") {
        profile.launcher = QStringLiteral("tcp");
        profile.listen = QStringLiteral("127.0.0.1");
        cluster.setProfile(profile);
        cluster.setLauncher(std::make_unique<LoopbackTcpLauncher>(engine));
    }
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(&cluster, &Cluster::ready, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    cluster.start(engines);
    loop.exec();
    const double startSeconds = double(clock.nsecsElapsed()) / 1e9;
    const int connected = cluster.connectedCount();

    QList<AnalysisTask> work;
    for (int i = 1; i <= tasks; ++i)
        work.append({quint64(i), QStringLiteral("empty"), {}});
    int done = 0;
    QObject::connect(&cluster, &Cluster::taskDone, &loop, [&](quint64, const TaskResult &) {
        if (++done == tasks)
            loop.quit();
    });
    const double cpuBefore = cpuSeconds();
    clock.restart();
    cluster.submit(Cluster::newRunId(), Dispatch::Balanced, work);
    loop.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpuBefore;
    qint64 largest = 0;
    for (const EngineInfo &info : cluster.engines())
        largest = std::max(largest, rssKb(info.pid));
    std::printf("%-5s %3d engines (%3d connected): started in %.2f s; %d tasks in %.2f s = %.0f tasks/s; "
                "controller CPU %.0f%% of one core; largest engine %.1f MB\n",
                transport, engines, connected, startSeconds, done, seconds, done / seconds, 100 * cpu / seconds,
                double(largest) / 1024);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: qualcluster-scale ENGINE [ENGINES [TASKS]]\n");
        return 2;
    }
    const int engines = args.value(2, QStringLiteral("64")).toInt();
    const int tasks = args.value(3, QStringLiteral("20000")).toInt();
    measure(args[1], "local", engines, tasks);
    measure(args[1], "tcp", engines, tasks);
    return 0;
}
