#include "controllerserver.h"

#include "processstats.h"
#include "protocol/controlmessages.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcController, "qualcluster.controller")

namespace qc {

namespace {

constexpr int kHelloTimeoutMs = 2000;
constexpr int kSnapshotIntervalMs = 100;
constexpr int kOwnerCheckMs = 500;

} // namespace

ControllerServer::ControllerServer(QString profile, ClusterRegistry registry, QString engineProgram, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_registry(std::move(registry))
    , m_cluster(nullptr, std::move(engineProgram))
{
    if (const auto profile = ProfileStore().find(m_profile))
        m_cluster.setProfile(*profile);
    m_cluster.setForwardResults(true); // the clients decode and merge them
    m_enginesTimer.setSingleShot(true);
    m_enginesTimer.setInterval(kSnapshotIntervalMs);
    connect(&m_enginesTimer, &QTimer::timeout, this, &ControllerServer::broadcastEngines);
    for (auto signal : {&Cluster::engineAdded, &Cluster::engineChanged, &Cluster::engineRemoved})
        connect(&m_cluster, signal, this, [this] {
            if (!m_enginesTimer.isActive())
                m_enginesTimer.start();
        });
    connect(&m_cluster, &Cluster::ready, this, &ControllerServer::broadcastEngines);
    connect(&m_cluster, &Cluster::errorOccurred, this, &ControllerServer::broadcastEngines);
    connect(&m_cluster, &Cluster::taskDone, this, &ControllerServer::handleTaskDone);
    m_ownerTimer.setInterval(kOwnerCheckMs);
    connect(&m_ownerTimer, &QTimer::timeout, this, &ControllerServer::checkOwner);
}

ControllerServer::~ControllerServer()
{
    if (m_server)
        stop(QStringLiteral("the controller was shut down"));
}

std::optional<QString> ControllerServer::start(int engines, qint64 ownerPid)
{
    if (auto problem = m_registry.ensurePrivateFolder())
        return problem;
    m_record.profile = m_profile;
    m_record.pid = QCoreApplication::applicationPid();
    m_record.socket = m_registry.socketPath(m_profile);
    m_record.secret.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_record.secret.data()), 8);
    m_record.startedMs = QDateTime::currentMSecsSinceEpoch();
    m_record.engines = engines;
    m_record.launcher = m_cluster.profile().launcher;

    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    QLocalServer::removeServer(m_record.socket); // left by a controller that was killed
    if (!m_server->listen(m_record.socket)) {
        const QString error = QStringLiteral("Cannot listen on %1: %2").arg(m_record.socket, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return error;
    }
    connect(m_server, &QLocalServer::newConnection, this, &ControllerServer::handleNewConnection);
    if (auto error = m_registry.write(m_record)) {
        delete m_server;
        m_server = nullptr;
        return error;
    }
    setOwner(ownerPid);
    if (!m_cluster.start(engines))
        return m_cluster.errorString();
    qCInfo(lcController).noquote() << "cluster" << m_profile << "started with" << engines << "engines";
    return std::nullopt;
}

void ControllerServer::stop(const QString &reason)
{
    if (m_stopping || !m_server)
        return;
    m_stopping = true;
    m_ownerTimer.stop();
    qCInfo(lcController).noquote() << "cluster" << m_profile << "is stopping:" << reason;
    // The state goes first, so that nobody attaches to a controller on its way out.
    m_registry.remove(m_profile);
    for (auto it = m_clients.begin(); it != m_clients.end(); ++it)
        if (it->admitted)
            send(it.key(), encodeStopping(reason));
    m_cluster.stop();
    const auto clients = m_clients.keys();
    for (QLocalSocket *socket : clients) {
        socket->flush();
        socket->disconnectFromServer();
    }
    m_server->close();
    delete m_server;
    m_server = nullptr;
    emit stopped();
}

void ControllerServer::setOwner(qint64 pid)
{
    m_ownerPid = pid;
    m_ownerStart = processStartTicks(pid);
    if (m_ownerPid == 0) {
        m_ownerTimer.stop();
        return;
    }
    m_ownerTimer.start();
    checkOwner(); // an owner already gone stops the cluster at once
}

void ControllerServer::checkOwner()
{
    if (m_ownerPid != 0 && (m_ownerStart == 0 || processStartTicks(m_ownerPid) != m_ownerStart))
        stop(QStringLiteral("the window that started it (PID %1) is gone").arg(m_ownerPid));
}

void ControllerServer::handleNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        m_clients.insert(socket, Client{});
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { handleReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] { handleClientGone(socket); });
        QTimer::singleShot(kHelloTimeoutMs, socket, [this, socket] {
            if (m_clients.contains(socket) && !m_clients[socket].admitted) {
                qCWarning(lcController) << "dropped a client that said nothing";
                socket->abort();
            }
        });
    }
}

void ControllerServer::handleReadyRead(QLocalSocket *socket)
{
    QCborMap message;
    for (;;) {
        auto it = m_clients.find(socket);
        if (it == m_clients.end())
            return;
        const auto status = it->reader.next(*socket, &message);
        if (status == FrameReader::Status::NeedMore)
            return;
        if (status == FrameReader::Status::Error) {
            qCWarning(lcController).noquote() << "dropped a client:" << it->reader.errorString();
            socket->abort();
            return;
        }
        if (!it->admitted)
            admit(socket, *it, message);
        else
            handleMessage(socket, *it, message);
    }
}

void ControllerServer::admit(QLocalSocket *socket, Client &client, const QCborMap &message)
{
    const auto hello = decodeClientHello(message);
    QString refusal;
    if (!hello || hello->magic != QString::fromLatin1(kControlMagic))
        refusal = QStringLiteral("this is the controller of a QualCluster cluster, and the client did not say hello");
    else if (hello->version != kControllerProtocolVersion)
        refusal = QStringLiteral("the client speaks protocol %1, this controller %2: use the same QualCluster release, "
                                 "or stop this cluster and start it again")
                      .arg(hello->version)
                      .arg(kControllerProtocolVersion);
    else if (hello->secret != m_record.secret)
        refusal = QStringLiteral("wrong secret");
    if (!refusal.isEmpty()) {
        qCWarning(lcController).noquote() << "refused a client:" << refusal;
        send(socket, encodeRefusal(refusal));
        socket->disconnectFromServer();
        return;
    }
    client.admitted = true;
    send(socket, encode(snapshot()));
}

void ControllerServer::handleMessage(QLocalSocket *socket, Client &client, const QCborMap &message)
{
    const QString type = controlType(message);
    if (type == u"submit") {
        const auto submit = decodeSubmit(message);
        if (!submit)
            return;
        // A client sends a big run in windows: a later window joins its run while that is on.
        quint64 runId = client.runs.value(submit->runId);
        if (const auto run = m_runs.find(runId); runId != 0 && run != m_runs.end()) {
            run->remaining += submit->tasks.size();
        } else {
            runId = Cluster::newRunId();
            client.runs.insert(submit->runId, runId);
            m_runs.insert(runId, {socket, submit->runId, submit->tasks.size()});
        }
        m_cluster.submit(runId, submit->dispatch, submit->tasks);
    } else if (type == u"cancel") {
        const quint64 runId = client.runs.take(quint64(controlInteger(message, "run")));
        m_runs.remove(runId);
        if (runId != 0)
            m_cluster.cancel(runId, int(controlInteger(message, "grace_ms")));
    } else if (type == u"scale") {
        const int engines = int(controlInteger(message, "engines"));
        if (engines >= 1 && engines <= 256)
            m_cluster.setEngineCount(engines);
    } else if (type == u"set_owner") {
        setOwner(controlInteger(message, "pid"));
    } else if (type == u"stop") {
        // Later, from the event loop: the client's socket is still in use here.
        QTimer::singleShot(0, this, [this] { stop(QStringLiteral("a client asked it to stop")); });
    } else {
        qCWarning(lcController).noquote() << "ignored a client message of type" << type;
    }
}

void ControllerServer::handleClientGone(QLocalSocket *socket)
{
    const auto it = m_clients.find(socket);
    if (it == m_clients.end())
        return;
    // A client killed mid-run cancels its runs; the cluster stays up for the others.
    for (quint64 runId : std::as_const(it->runs)) {
        m_runs.remove(runId);
        m_cluster.cancel(runId, 2000);
    }
    m_clients.erase(it);
    socket->deleteLater();
}

void ControllerServer::handleTaskDone(quint64 runId, const TaskResult &result)
{
    const auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    QLocalSocket *socket = it->socket;
    const quint64 clientRun = it->clientRunId;
    if (--it->remaining <= 0) {
        m_clients[socket].runs.remove(clientRun);
        m_runs.erase(it);
    }
    if (result.encoded.isEmpty()) {
        send(socket, encode(RunResultMessage{clientRun, result}));
        return;
    }
    // As the engine sent it, under the client's own task id.
    QCborMap forwarded = result.encoded;
    forwarded[QStringLiteral("id")] = qint64(result.taskId);
    send(socket, encodeForwardedResult(clientRun, result.engineId, forwarded));
}

void ControllerServer::send(QLocalSocket *socket, const QCborMap &message)
{
    writeFrame(*socket, message);
    socket->flush();
}

EngineSnapshot ControllerServer::snapshot() const
{
    // The notice says why engines are missing: replacements given up, or engines that never started.
    const QString notice = !m_cluster.restartStopReason().isEmpty() ? m_cluster.restartStopReason()
        : m_cluster.connectedCount() == 0                           ? m_cluster.errorString()
                                                                    : QString();
    return {m_cluster.engines(), !m_cluster.hasStartingEngines(), notice};
}

void ControllerServer::broadcastEngines()
{
    m_enginesTimer.stop();
    const QCborMap message = encode(snapshot());
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it)
        if (it->admitted)
            send(it.key(), message);
}

} // namespace qc
