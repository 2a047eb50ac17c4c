// The controller's side of one engine: how it was launched (a process here, an ssh session, or a
// scheduler's job), and its link once it said hello.
#pragma once

#include "analysis/task.h"
#include "engineinfo.h"
#include "protocol/frame.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcessEnvironment>

#include <QList>
#include <QPair>

#include <functional>

class QIODevice;
class QProcess;

namespace qc {

struct HelloMessage;

class EngineHandle : public QObject
{
    Q_OBJECT

public:
    EngineHandle(int id, const QString &launcher, QObject *parent = nullptr);
    ~EngineHandle() override;

    const EngineInfo &info() const { return m_info; }
    int id() const { return m_info.id; }
    bool isIdle() const { return m_info.state == EngineState::Idle; }
    // Connected and holding fewer than kTasksHeld tasks: it can take one more. An engine keeps its
    // next task queued while it works, so that no round trip leaves it waiting.
    static constexpr int kTasksHeld = 2;
    bool canTakeTask() const;
    // Results are passed on undecoded (TaskResult::encoded), for a controller that only forwards them.
    void setForwardResults(bool on) { m_forwardResults = on; }
    int heldCount() const { return int(m_held.size()); }
    bool isAlive() const { return m_info.state != EngineState::Exited; }
    bool stopRequested() const { return m_stopRequested; }
    // The process started here for this engine (the engine itself, or the ssh running it); 0 for none.
    qint64 processId() const;
    qint64 msSinceHeartbeat() const;

    // The engine runs as `program` here; `input` is written to its standard input, which stays
    // open (an engine started through ssh ends when it closes). With `keepErrors` its standard
    // error is kept to say why it ended, instead of passing through.
    void startProcess(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                      const QByteArray &input = {}, bool keepErrors = false);
    // The engine runs as a scheduler's job; `kill` cancels it.
    void setJob(const QString &jobId, std::function<void()> kill);
    void setSchedulerState(const QString &state, const QString &reason, const QString &node);
    // A job that ended without a process here to report it.
    void markEnded(const QString &reason);

    // Takes over a link whose hello named this engine.
    void attach(QIODevice *socket, FrameReader reader, const HelloMessage &hello);
    bool sendTask(const AnalysisTask &task);
    void requestStop(); // polite: "quit", then the engine ends on its own
    void kill();
    bool waitForExit(int ms);

signals:
    void changed(int id);
    void connected(int id);
    void resultReady(int id, const qc::TaskResult &result);
    // The engine ended; `unfinished` are the tasks it held, the one it was working on first.
    void exited(int id, const QList<quint64> &unfinished);

private:
    void handleReadyRead();
    void handleFinished(int exitCode, int exitStatus);
    void handleLinkLost();
    void finish();
    void setState(EngineState state);

    EngineInfo m_info;
    QProcess *m_process = nullptr;
    QIODevice *m_socket = nullptr;
    FrameReader m_reader;
    QElapsedTimer m_sinceHeartbeat; // monotonic: wall-clock jumps never kill an engine
    std::function<void()> m_killJob;
    QByteArray m_errors; // the end of what the process said on stderr, when kept
    QList<QPair<quint64, QString>> m_held; // tasks sent and not yet answered (id, sample), in order
    bool m_stopRequested = false;
    bool m_ending = false; // its process is gone: read what is left, take no new task
    bool m_forwardResults = false;
};

} // namespace qc
