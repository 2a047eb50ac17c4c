#include "clustercommand.h"

#include "cluster/clusterregistry.h"
#include "cluster/controllerclient.h"
#include "cluster/controllerserver.h"
#include "cluster/processstats.h"
#include "cluster/profilestore.h"
#include "commandhelp.h"
#include "interrupt.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {

constexpr int kAttachTimeoutMs = 5000;
constexpr int kStopTimeoutMs = 10000;
constexpr int kQueuedGraceMs = 5000;

const char kUsage[] =
    "usage: qualcluster cluster start [--profile NAME] [-n N] [--foreground] | stop [--profile NAME | --all]"
    " | list [--json] | engines [--profile NAME] [--json] | scale --profile NAME N";

int fail(const QString &message, int code = 1)
{
    std::fprintf(stderr, "qualcluster: %s\n", qPrintable(message));
    return code;
}

QString notRunning(const QString &profile)
{
    return QStringLiteral("No cluster of profile \"%1\" is running; start one with 'qualcluster cluster start "
                          "--profile %1'.")
        .arg(profile);
}

QJsonObject engineJson(const qc::EngineInfo &info)
{
    // CPU and memory come from /proc: only for engines on this machine.
    const bool live = info.state != qc::EngineState::Exited && info.pid > 0 && info.host == QHostInfo::localHostName();
    const qc::ProcessStats stats = qc::readProcessStats(live ? info.pid : 0);
    QJsonObject object{
        {QStringLiteral("id"), info.id},
        {QStringLiteral("pid"), info.pid},
        {QStringLiteral("host"), info.host},
        {QStringLiteral("state"), info.stateText()},
        {QStringLiteral("task"), info.currentSample},
        {QStringLiteral("tasks_done"), qint64(info.tasksDone)},
        {QStringLiteral("launcher"), info.launcher},
        {QStringLiteral("job"), info.jobId},
        {QStringLiteral("uptime_seconds"),
         info.startedMs > 0 ? double(QDateTime::currentMSecsSinceEpoch() - info.startedMs) / 1000 : 0.0}};
    object[QStringLiteral("cpu_seconds")] = stats.valid ? QJsonValue(stats.cpuSeconds) : QJsonValue();
    object[QStringLiteral("memory_bytes")] = stats.valid ? QJsonValue(stats.rssBytes) : QJsonValue();
    return object;
}

void printEngines(const QList<qc::EngineInfo> &engines, bool json)
{
    QJsonArray rows;
    for (const qc::EngineInfo &info : engines)
        rows.append(engineJson(info));
    if (json) {
        std::printf("%s", QJsonDocument(rows).toJson().constData());
        return;
    }
    std::printf("%-4s %-8s %-16s %-10s %-24s %-8s %10s %8s %9s %8s\n", "ID", "PID", "HOST", "JOB", "STATE", "TASK",
                "TASKS DONE", "CPU S", "MEMORY MB", "UPTIME S");
    for (const QJsonValue value : std::as_const(rows)) {
        const QJsonObject row = value.toObject();
        std::printf("%-4d %-8lld %-16s %-10s %-24s %-8s %10lld %8.2f %9.1f %8.0f\n", row[u"id"].toInt(),
                    row[u"pid"].toInteger(), qPrintable(row[u"host"].toString()), qPrintable(row[u"job"].toString()),
                    qPrintable(row[u"state"].toString()), qPrintable(row[u"task"].toString()),
                    row[u"tasks_done"].toInteger(), row[u"cpu_seconds"].toDouble(),
                    row[u"memory_bytes"].toDouble() / 1e6, row[u"uptime_seconds"].toDouble());
    }
}

int aliveEngines(const QList<qc::EngineInfo> &engines)
{
    return int(std::count_if(engines.begin(), engines.end(), [](const qc::EngineInfo &e) {
        return e.state != qc::EngineState::Exited && e.state != qc::EngineState::Stopping;
    }));
}

// The controller itself, in this process: until Ctrl-C, SIGTERM, a client's stop or its owner's end.
int serveController(const QString &profile, int engines, bool detach, qint64 ownerPid)
{
    if (detach)
        ::setsid(); // no terminal's Ctrl-C or hang-up reaches a background controller
    qc::ControllerServer server(profile, qc::ClusterRegistry());
    InterruptWatcher interrupt;
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &server,
                     [&server] { server.stop(QStringLiteral("it was interrupted")); });
    QObject::connect(&server, &qc::ControllerServer::stopped, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    if (!detach)
        QObject::connect(&server.cluster(), &qc::Cluster::ready, &server, [&server, profile] {
            std::printf("Cluster \"%s\" is running (controller PID %lld); Ctrl-C stops it.\n", qPrintable(profile),
                        QCoreApplication::applicationPid());
            printEngines(server.cluster().engines(), false);
            std::fflush(stdout);
        });
    if (const auto error = server.start(engines, ownerPid))
        return fail(*error);
    QCoreApplication::exec();
    return 0;
}

int startCluster(const QString &profile, int engines, bool foreground, bool detach, qint64 ownerPid)
{
    const qc::ClusterRegistry registry;
    QString note;
    if (const auto running = registry.running(profile, &note)) {
        std::printf("Cluster \"%s\" is already running (controller PID %lld).\n", qPrintable(profile), running->pid);
        return 0;
    }
    if (!note.isEmpty())
        fail(note);
    if (foreground)
        return serveController(profile, engines, detach, ownerPid);
    qc::ControllerClient client(profile, registry);
    if (!client.start(engines))
        return fail(client.errorString());
    if (!client.waitForAttached(qc::ControllerClient::kLaunchTimeoutMs))
        return fail(client.errorString().isEmpty() ? QStringLiteral("The cluster \"%1\" did not start.").arg(profile)
                                                   : client.errorString());
    // Ready when every engine has connected or failed. A scheduler's jobs may wait in its queue
    // far longer: once every waiting engine's job is queued, the command gives them a few
    // seconds to start, then returns and says they wait.
    QEventLoop loop;
    QTimer queued;
    queued.setSingleShot(true);
    queued.setInterval(kQueuedGraceMs);
    QObject::connect(&queued, &QTimer::timeout, &loop, &QEventLoop::quit);
    const auto check = [&] {
        const auto engines = client.engines();
        if (!client.hasStartingEngines())
            return loop.quit();
        const bool allQueued = std::all_of(engines.begin(), engines.end(), [](const qc::EngineInfo &e) {
            return e.state != qc::EngineState::Starting || (e.schedulerState == u"PENDING" && !e.jobId.isEmpty());
        });
        if (allQueued && !queued.isActive())
            queued.start();
    };
    for (auto signal : {&qc::Cluster::engineChanged, &qc::Cluster::engineAdded, &qc::Cluster::engineRemoved})
        QObject::connect(&client, signal, &loop, check);
    QObject::connect(&client, &qc::ControllerClient::detached, &loop, &QEventLoop::quit);
    QTimer::singleShot(qc::ControllerClient::kLaunchTimeoutMs, &loop, &QEventLoop::quit);
    QTimer::singleShot(0, &loop, check);
    loop.exec();
    std::printf("Cluster \"%s\" started (controller PID %lld); 'qualcluster cluster stop --profile %s' stops it.\n",
                qPrintable(profile), client.record().pid, qPrintable(profile));
    printEngines(client.engines(), false);
    if (client.connectedCount() > 0)
        return 0;
    if (client.isAttached() && client.hasStartingEngines()) {
        std::printf("Its engines wait in the scheduler's queue and connect as their jobs start; 'qualcluster cluster "
                    "engines --profile %s' follows them.\n",
                    qPrintable(profile));
        return 0;
    }
    client.stop(); // a cluster with no engine is no use; nothing is left running
    return fail(client.notice().isEmpty() ? QStringLiteral("No engine of cluster \"%1\" started.").arg(profile)
                                          : client.notice());
}

// Asks the controller to stop; one that cannot be asked (another release, unreachable) is
// terminated by its PID.
bool stopCluster(const qc::ClusterRecord &record)
{
    qc::ControllerClient client(record.profile);
    if (client.attach() && client.waitForAttached(kAttachTimeoutMs)) {
        QEventLoop loop;
        QObject::connect(&client, &qc::ControllerClient::detached, &loop, &QEventLoop::quit);
        QTimer::singleShot(kStopTimeoutMs, &loop, &QEventLoop::quit);
        client.stop();
        loop.exec();
    } else {
        ::kill(pid_t(record.pid), SIGTERM);
    }
    const QDeadlineTimer deadline(kStopTimeoutMs);
    while (qc::ClusterRegistry::controllerAlive(record.pid) && !deadline.hasExpired())
        QThread::msleep(20);
    if (qc::ClusterRegistry::controllerAlive(record.pid)) {
        ::kill(pid_t(record.pid), SIGKILL);
        QThread::msleep(100);
    }
    qc::ClusterRegistry().running(record.profile); // cleans what a killed controller left
    return !qc::ClusterRegistry::controllerAlive(record.pid);
}

int listClusters(bool json)
{
    QStringList notes;
    const QList<qc::ClusterRecord> records = qc::ClusterRegistry().list(&notes);
    for (const QString &note : std::as_const(notes))
        fail(note);
    QJsonArray rows;
    for (const qc::ClusterRecord &record : records) {
        qc::ControllerClient client(record.profile);
        const bool attached = client.attach() && client.waitForAttached(kAttachTimeoutMs);
        const QString state = !attached   ? QStringLiteral("unreachable")
            : client.hasStartingEngines() ? QStringLiteral("starting")
                                          : QStringLiteral("running");
        rows.append(QJsonObject{
            {QStringLiteral("profile"), record.profile},
            {QStringLiteral("state"), state},
            {QStringLiteral("engines"), client.connectedCount()},
            {QStringLiteral("controller_pid"), record.pid},
            {QStringLiteral("started"), QDateTime::fromMSecsSinceEpoch(record.startedMs).toString(Qt::ISODate)},
            {QStringLiteral("launcher"), record.launcher}});
        if (!attached && !client.errorString().isEmpty())
            fail(client.errorString());
    }
    if (json) {
        std::printf("%s", QJsonDocument(rows).toJson().constData());
        return 0;
    }
    if (rows.isEmpty()) {
        std::printf("No cluster is running.\n");
        return 0;
    }
    std::printf("%-20s %-12s %7s %10s %-20s %s\n", "PROFILE", "STATE", "ENGINES", "CONTROLLER", "STARTED", "LAUNCHER");
    for (const QJsonValue value : std::as_const(rows)) {
        const QJsonObject row = value.toObject();
        std::printf("%-20s %-12s %7d %10lld %-20s %s\n", qPrintable(row[u"profile"].toString()),
                    qPrintable(row[u"state"].toString()), row[u"engines"].toInt(), row[u"controller_pid"].toInteger(),
                    qPrintable(row[u"started"].toString()), qPrintable(row[u"launcher"].toString()));
    }
    return 0;
}

// Attaches to the profile's running cluster, or says why not.
bool attachTo(qc::ControllerClient &client)
{
    if (!client.attach()) {
        fail(client.errorString().startsWith(u"No cluster") ? notRunning(client.profile()) : client.errorString());
        return false;
    }
    if (!client.waitForAttached(kAttachTimeoutMs)) {
        fail(client.errorString().isEmpty() ? notRunning(client.profile()) : client.errorString());
        return false;
    }
    return true;
}

int scaleCluster(const QString &profile, int engines)
{
    qc::ControllerClient client(profile);
    if (!attachTo(client))
        return 1;
    client.setEngineCount(engines);
    // Done when the engine count is reached and none is still starting or stopping; engines
    // whose jobs wait in a scheduler's queue count once their jobs are queued.
    QEventLoop loop;
    const auto check = [&] {
        const auto all = client.engines();
        const bool settled = std::all_of(all.begin(), all.end(), [](const qc::EngineInfo &e) {
            return e.state != qc::EngineState::Starting || (e.schedulerState == u"PENDING" && !e.jobId.isEmpty());
        });
        if (aliveEngines(all) == engines && settled)
            loop.quit();
    };
    QObject::connect(&client, &qc::Cluster::engineChanged, &loop, check);
    QObject::connect(&client, &qc::Cluster::engineAdded, &loop, check);
    QObject::connect(&client, &qc::Cluster::engineRemoved, &loop, check);
    QObject::connect(&client, &qc::ControllerClient::detached, &loop, &QEventLoop::quit);
    QTimer::singleShot(qc::ControllerClient::kLaunchTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (aliveEngines(client.engines()) != engines)
        return fail(QStringLiteral("The cluster \"%1\" has %2 engines, not %3.")
                        .arg(profile)
                        .arg(aliveEngines(client.engines()))
                        .arg(engines));
    if (client.connectedCount() < engines)
        std::printf("%d of them wait in the scheduler's queue.\n", engines - client.connectedCount());
    std::printf("Cluster \"%s\" now has %d engines.\n", qPrintable(profile), engines);
    printEngines(client.engines(), false);
    return 0;
}

} // namespace

int runClusterCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Clusters that outlive a command, like ipcluster: start a profile's engines once, then every\n"
                       "'qualcluster analyze --profile NAME' and the window use them.\n"
                       "  cluster start [--profile NAME] [-n N] [--foreground]\n"
                       "  cluster stop [--profile NAME | --all]\n"
                       "  cluster list [--json]\n"
                       "  cluster engines [--profile NAME] [--json]\n"
                       "  cluster scale --profile NAME N"));
    parser.addHelpOption();
    const QCommandLineOption profileOption(QStringLiteral("profile"),
                                           QStringLiteral("The cluster's profile (default: \"default\")."),
                                           QStringLiteral("NAME"), QStringLiteral("default"));
    const QCommandLineOption enginesOption({QStringLiteral("n"), QStringLiteral("engines")},
                                           QStringLiteral("Engines to start (default: the profile's)."),
                                           QStringLiteral("N"));
    const QCommandLineOption foreground(QStringLiteral("foreground"),
                                        QStringLiteral("Keep the controller in this terminal; Ctrl-C stops it."));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("stop: every running cluster."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("list, engines: as JSON."));
    QCommandLineOption detach(QStringLiteral("detach"), QStringLiteral("Run as a background controller."));
    detach.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption owner(QStringLiteral("owner-pid"), QStringLiteral("Stop when this process ends."),
                             QStringLiteral("PID"));
    owner.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({profileOption, enginesOption, foreground, all, json, detach, owner});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("start, stop, list, engines or scale."));
    if (!parser.parse(arguments))
        return fail(parser.errorText() + u'\n' + QString::fromLatin1(kUsage), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(commandHelp(parser, arguments.constFirst())));
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const QString profile = parser.value(profileOption);
    if (!qc::ProfileStore::isValidName(profile))
        return fail(QStringLiteral("\"%1\" is not a profile name.").arg(profile), 2);

    if (action == u"start" && args.size() == 1) {
        const auto stored = qc::ProfileStore().find(profile);
        if (!stored)
            return fail(
                QStringLiteral("There is no profile called \"%1\"; create it with 'qualcluster profile create %1'.")
                    .arg(profile),
                2);
        int engines = stored->engines;
        if (parser.isSet(enginesOption)) {
            bool ok = false;
            engines = parser.value(enginesOption).toInt(&ok);
            if (!ok || engines < 1 || engines > 256)
                return fail(QStringLiteral("-n takes a number of engines from 1 to 256, not \"%1\".")
                                .arg(parser.value(enginesOption)),
                            2);
        }
        return startCluster(profile, engines, parser.isSet(foreground), parser.isSet(detach),
                            parser.value(owner).toLongLong());
    }
    if (action == u"stop" && args.size() == 1) {
        QList<qc::ClusterRecord> records;
        if (parser.isSet(all)) {
            records = qc::ClusterRegistry().list();
        } else if (const auto record = qc::ClusterRegistry().running(profile)) {
            records.append(*record);
        } else {
            return fail(notRunning(profile));
        }
        int status = 0;
        for (const qc::ClusterRecord &record : std::as_const(records)) {
            if (stopCluster(record)) {
                std::printf("Stopped cluster \"%s\" (controller PID %lld).\n", qPrintable(record.profile), record.pid);
            } else {
                status = fail(QStringLiteral("The controller of cluster \"%1\" (PID %2) did not stop.")
                                  .arg(record.profile)
                                  .arg(record.pid));
            }
        }
        if (records.isEmpty())
            std::printf("No cluster is running.\n");
        return status;
    }
    if (action == u"list" && args.size() == 1)
        return listClusters(parser.isSet(json));
    if (action == u"engines" && args.size() == 1) {
        qc::ControllerClient client(profile);
        if (!attachTo(client))
            return 1;
        printEngines(client.engines(), parser.isSet(json));
        return 0;
    }
    if (action == u"scale" && args.size() == 2) {
        if (!parser.isSet(profileOption))
            return fail(QStringLiteral("scale needs --profile NAME: the cluster to change.\n")
                            + QString::fromLatin1(kUsage),
                        2);
        bool ok = false;
        const int engines = args.at(1).toInt(&ok);
        if (!ok || engines < 1 || engines > 256)
            return fail(QStringLiteral("scale takes a number of engines from 1 to 256, not \"%1\".").arg(args.at(1)),
                        2);
        return scaleCluster(profile, engines);
    }
    return fail(QString::fromLatin1(kUsage), 2);
}
