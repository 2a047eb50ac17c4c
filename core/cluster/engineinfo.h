// What the controller knows about one engine, as a value the GUI and the CLI can show.
#pragma once

#include <QString>

namespace qc {

enum class EngineState { Starting, Idle, Busy, Stopping, Exited };

struct EngineInfo
{
    int id = 0;
    qint64 pid = 0; // the engine's own process, on its host (0 until it has connected, if remote)
    QString host;
    EngineState state = EngineState::Starting;
    int exitCode = 0;
    int exitSignal = 0; // non-zero when the process was killed by a signal
    quint64 currentTask = 0;
    QString currentSample;
    quint64 tasksDone = 0;
    qint64 startedMs = 0; // since the epoch
    QString launcher = QStringLiteral("local"); // local, ssh or slurm
    QString jobId; // a batch scheduler's job ("1234_2"), when it runs as one
    QString schedulerState; // as the scheduler says it: PENDING, RUNNING...
    QString reason; // why it waits, or how it ended, in the launcher's words

    // "idle", "busy", "pending (Resources)", "exited with code 1", "killed by signal 9"...
    QString stateText() const
    {
        switch (state) {
        case EngineState::Starting:
            if (schedulerState.isEmpty())
                return QStringLiteral("starting");
            return reason.isEmpty() ? schedulerState.toLower()
                                    : QStringLiteral("%1 (%2)").arg(schedulerState.toLower(), reason);
        case EngineState::Idle:
            return QStringLiteral("idle");
        case EngineState::Busy:
            return QStringLiteral("busy");
        case EngineState::Stopping:
            return QStringLiteral("stopping");
        case EngineState::Exited:
            if (!reason.isEmpty())
                return QStringLiteral("ended: %1").arg(reason);
            return exitSignal != 0 ? QStringLiteral("killed by signal %1").arg(exitSignal)
                                   : QStringLiteral("exited with code %1").arg(exitCode);
        }
        return {};
    }
};

} // namespace qc
