// A cluster's controller as a process of its own (`qualcluster cluster start`): it owns the
// engines (a LocalCluster), admits clients that know the cluster's secret, runs what they submit
// and sends each its own results. Engines stay up between runs and between clients.
#pragma once

#include "clusterregistry.h"
#include "localcluster.h"
#include "protocol/frame.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class QLocalServer;
class QLocalSocket;

namespace qc {

struct EngineSnapshot;

class ControllerServer : public QObject
{
    Q_OBJECT

public:
    ControllerServer(QString profile, ClusterRegistry registry, QString engineProgram = {}, QObject *parent = nullptr);
    ~ControllerServer() override;

    // Listens, writes the state file and starts the engines. `ownerPid`, when not 0, is a client
    // process (the window that started the cluster) whose end stops the cluster.
    std::optional<QString> start(int engines, qint64 ownerPid = 0);
    // Stops the engines, removes the state file and socket, then says `stopped`.
    void stop(const QString &reason);
    LocalCluster &cluster() { return m_cluster; }
    const ClusterRecord &record() const { return m_record; }

signals:
    void stopped();

private:
    struct Client
    {
        FrameReader reader;
        bool admitted = false;
        QHash<quint64, quint64> runs; // the client's run id -> the cluster's
    };

    void handleNewConnection();
    void handleReadyRead(QLocalSocket *socket);
    void handleMessage(QLocalSocket *socket, Client &client, const QCborMap &message);
    void admit(QLocalSocket *socket, Client &client, const QCborMap &message);
    void handleClientGone(QLocalSocket *socket);
    void handleTaskDone(quint64 runId, const TaskResult &result);
    void send(QLocalSocket *socket, const QCborMap &message);
    void broadcastEngines();
    EngineSnapshot snapshot() const;
    void checkOwner();
    void setOwner(qint64 pid);

    QString m_profile;
    ClusterRegistry m_registry;
    LocalCluster m_cluster;
    ClusterRecord m_record;
    QLocalServer *m_server = nullptr;
    QHash<QLocalSocket *, Client> m_clients;
    struct ClientRun
    {
        QLocalSocket *socket = nullptr;
        quint64 clientRunId = 0;
        qsizetype remaining = 0; // results still to come
    };
    QHash<quint64, ClientRun> m_runs; // by the cluster's run id
    QTimer m_enginesTimer; // engine changes are sent at most every 100 ms, as one snapshot
    QTimer m_ownerTimer;
    qint64 m_ownerPid = 0;
    qint64 m_ownerStart = 0; // the owner's start time: its PID alone could be reused
    bool m_stopping = false;
};

} // namespace qc
