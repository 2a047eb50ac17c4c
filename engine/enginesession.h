// One engine's life: connect back to the controller, say hello, do tasks, beat, quit with the socket.
#pragma once

#include "failpoints.h"
#include "protocol/frame.h"

#include <QByteArray>
#include <QLocalSocket>
#include <QObject>
#include <QTimer>

namespace qc {

struct AnalysisTask;

class EngineSession : public QObject
{
    Q_OBJECT

public:
    EngineSession(QString serverName, QByteArray secret, QObject *parent = nullptr);

    void start();

private:
    void handleConnected();
    void handleReadyRead();
    void handleTask(const AnalysisTask &task);
    void sendHeartbeat();
    void send(const QCborMap &message);

    QString m_serverName;
    QByteArray m_secret;
    QLocalSocket m_socket;
    FrameReader m_reader;
    QTimer m_heartbeat;
    quint64 m_currentTask = 0;
    quint64 m_tasksDone = 0;
    Failpoints m_failpoints = Failpoints::fromEnvironment();
};

} // namespace qc
