// What the controller knows about one engine, as a value the GUI and the CLI can show.
#pragma once

#include <QString>

namespace qc {

enum class EngineState { Starting, Idle, Busy, Stopping, Exited };

struct EngineInfo
{
    int id = 0;
    qint64 pid = 0;
    QString host;
    EngineState state = EngineState::Starting;
    int exitCode = 0;
    int exitSignal = 0; // non-zero when the process was killed by a signal
    quint64 currentTask = 0;
    QString currentSample;
    quint64 tasksDone = 0;
    qint64 startedMs = 0; // since the epoch

    // "idle", "busy", "exited with code 1", "killed by signal 9"...
    QString stateText() const
    {
        switch (state) {
        case EngineState::Starting: return QStringLiteral("starting");
        case EngineState::Idle: return QStringLiteral("idle");
        case EngineState::Busy: return QStringLiteral("busy");
        case EngineState::Stopping: return QStringLiteral("stopping");
        case EngineState::Exited:
            return exitSignal != 0 ? QStringLiteral("killed by signal %1").arg(exitSignal)
                                   : QStringLiteral("exited with code %1").arg(exitCode);
        }
        return {};
    }
};

} // namespace qc
