// The controller's side of one engine process: the QProcess, and its socket once it said hello.
#pragma once

#include "analysis/task.h"
#include "engineinfo.h"
#include "protocol/frame.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QLocalSocket;
class QProcess;

namespace qc {

class EngineHandle : public QObject
{
    Q_OBJECT

public:
    EngineHandle(int id, QObject *parent = nullptr);
    ~EngineHandle() override;

    const EngineInfo &info() const { return m_info; }
    int id() const { return m_info.id; }
    bool isIdle() const { return m_info.state == EngineState::Idle; }
    bool isAlive() const { return m_info.state != EngineState::Exited; }
    bool stopRequested() const { return m_stopRequested; }
    qint64 processId() const;
    qint64 msSinceHeartbeat() const;

    void start(const QString &program, const QString &serverName, const QByteArray &secret);
    // Takes over a connection whose hello named this engine's process.
    void attach(QLocalSocket *socket, FrameReader reader, const QString &host);
    bool sendTask(const AnalysisTask &task);
    void requestStop();  // polite: "quit", then the process ends on its own
    void kill();
    bool waitForExit(int ms);

signals:
    void changed(int id);
    void connected(int id);
    void resultReady(int id, const qc::TaskResult &result);
    // The process ended; `unfinishedTask` is the task it held, or 0.
    void exited(int id, quint64 unfinishedTask);

private:
    void handleReadyRead();
    void handleFinished(int exitCode, int exitStatus);
    void setState(EngineState state);

    EngineInfo m_info;
    QProcess *m_process = nullptr;
    QLocalSocket *m_socket = nullptr;
    FrameReader m_reader;
    QElapsedTimer m_sinceHeartbeat; // monotonic: wall-clock jumps never kill an engine
    bool m_stopRequested = false;
};

} // namespace qc
