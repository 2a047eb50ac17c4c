#include "cluster.h"

#include <algorithm>
#include <atomic>

namespace qc {

quint64 Cluster::newRunId()
{
    static std::atomic<quint64> next{1};
    return next++;
}

std::optional<EngineInfo> Cluster::engineInfo(int id) const
{
    const QList<EngineInfo> infos = engines();
    for (const EngineInfo &info : infos)
        if (info.id == id)
            return info;
    return std::nullopt;
}

int Cluster::connectedCount() const
{
    const QList<EngineInfo> infos = engines();
    return int(std::count_if(infos.begin(), infos.end(), [](const EngineInfo &e) {
        return e.state == EngineState::Idle || e.state == EngineState::Busy;
    }));
}

bool Cluster::hasStartingEngines() const
{
    const QList<EngineInfo> infos = engines();
    return std::any_of(infos.begin(), infos.end(),
                       [](const EngineInfo &e) { return e.state == EngineState::Starting; });
}

} // namespace qc
