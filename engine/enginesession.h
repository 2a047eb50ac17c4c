// One engine's life: connect back to the controller (a local socket, or TLS over TCP for engines
// on other machines), say hello, do tasks, beat, quit with the link.
#pragma once

#include "analysis/task.h"
#include "failpoints.h"
#include "protocol/frame.h"
#include "protocol/transport.h"

#include <QByteArray>
#include <QObject>
#include <QQueue>
#include <QTimer>

#include <memory>
#include <optional>

class QIODevice;

namespace qc {

struct EngineLink
{
    QString serverName; // a local controller's socket, or
    std::optional<Endpoint> remote; // a controller reached over TCP with TLS
    QByteArray secret;
    int engineId = 0;
};

class EngineSession : public QObject
{
    Q_OBJECT

public:
    explicit EngineSession(EngineLink link, QObject *parent = nullptr);
    ~EngineSession() override;

    void start();

private:
    void handleConnected();
    void handleReadyRead();
    void startNextTask();
    void sendHeartbeat();
    void send(const QCborMap &message);
    void sendFrame(const QByteArray &frame);

    EngineLink m_link;
    std::unique_ptr<QIODevice> m_socket;
    FrameReader m_reader;
    QTimer m_heartbeat;
    bool m_linkUp = false; // the hello went out
    // Tasks sent ahead by the controller (it keeps one queued here while one runs).
    static constexpr qsizetype kMaxQueued = 4;
    QQueue<AnalysisTask> m_queue;
    quint64 m_currentTask = 0;
    quint64 m_tasksDone = 0;
    Failpoints m_failpoints = Failpoints::fromEnvironment();
};

} // namespace qc
