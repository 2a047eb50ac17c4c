#include "enginetablemodel.h"

#include "cluster/cluster.h"

#include <QDateTime>
#include <QHostInfo>
#include <QTimer>

#include <algorithm>

namespace qc {

namespace {

constexpr int kRefreshMs = 1000;

bool isLive(const EngineInfo &info)
{
    return info.state != EngineState::Exited && info.pid > 0;
}

// A live engine whose CPU and memory this machine's /proc can tell.
bool hasStats(const EngineInfo &info)
{
    return isLive(info) && EngineTableModel::runsHere(info);
}

QString formatUptime(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return EngineTableModel::tr("%1 s").arg(seconds);
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// Numbers are right-aligned so that their digits line up; text reads from the left.
QVariant alignment(int column)
{
    const bool text = column == EngineTableModel::JobColumn || column == EngineTableModel::HostColumn
        || column == EngineTableModel::StateColumn || column == EngineTableModel::TaskColumn;
    return QVariant((text ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
}

QString launcherToolTip(const EngineInfo &info)
{
    if (info.launcher == u"slurm")
        return info.jobId.isEmpty()
            ? EngineTableModel::tr("A Slurm job, being submitted.")
            : EngineTableModel::tr("Slurm job %1; the cluster cancels it when it stops.").arg(info.jobId);
    if (info.launcher == u"ssh")
        return EngineTableModel::tr("Started over ssh on %1.").arg(info.host);
    return EngineTableModel::tr("A process on this machine.");
}

QString startingToolTip(const EngineInfo &info)
{
    if (info.schedulerState.isEmpty())
        return EngineTableModel::tr("The engine process was started and has not connected yet.");
    if (info.schedulerState == u"SUBMITTING")
        return EngineTableModel::tr("The engine's job is being submitted to the scheduler.");
    if (info.schedulerState == u"PENDING")
        return info.reason.isEmpty()
            ? EngineTableModel::tr("Job %1 waits in the scheduler's queue; the engine connects once it runs.")
                  .arg(info.jobId)
            : EngineTableModel::tr("Job %1 waits in the scheduler's queue (%2); the engine connects once it runs.")
                  .arg(info.jobId, info.reason);
    if (info.schedulerState == u"RUNNING")
        return EngineTableModel::tr("Job %1 runs on %2; the engine has not connected yet.").arg(info.jobId, info.host);
    return EngineTableModel::tr("The scheduler says job %1 is %2.").arg(info.jobId, info.stateText());
}

QString stateToolTip(const EngineInfo &info)
{
    switch (info.state) {
    case EngineState::Starting:
        return startingToolTip(info);
    case EngineState::Idle:
        return EngineTableModel::tr("The engine is connected and waiting for work.");
    case EngineState::Busy:
        return EngineTableModel::tr("The engine is analysing part of %1.").arg(info.currentSample);
    case EngineState::Stopping:
        return EngineTableModel::tr("The engine was asked to quit and has not exited yet.");
    case EngineState::Exited:
        if (!info.reason.isEmpty())
            return EngineTableModel::tr("The engine ended: %1.").arg(info.reason);
        return info.exitSignal != 0
            ? EngineTableModel::tr("The engine process was killed by signal %1.").arg(info.exitSignal)
            : EngineTableModel::tr("The engine process exited with code %1.").arg(info.exitCode);
    }
    return {};
}

QVariant headerToolTip(int column)
{
    using Model = EngineTableModel;
    switch (column) {
    case Model::JobColumn:
        return Model::tr("The batch scheduler's job (for Slurm, JOBID_INDEX of a job array).");
    case Model::PidColumn:
        return Model::tr("The engine's process, on its host.");
    case Model::HostColumn:
        return Model::tr("Where the engine runs: the node its job was given, or the ssh host.");
    case Model::TaskColumn:
        return Model::tr("The folder the engine is analysing now.");
    case Model::TasksDoneColumn:
        return Model::tr("Tasks the engine has finished.");
    case Model::CpuColumn:
        return Model::tr("CPU time of the engine's process in seconds, for engines on this machine.");
    case Model::MemoryColumn:
        return Model::tr("Resident memory of the engine's process in MB, for engines on this machine.");
    case Model::UptimeColumn:
        return Model::tr("Since the engine was started, or its job submitted.");
    default:
        return {};
    }
}

QVariant toolTip(const EngineInfo &info, int column)
{
    switch (column) {
    case EngineTableModel::EngineColumn:
    case EngineTableModel::JobColumn:
        return launcherToolTip(info);
    case EngineTableModel::StateColumn:
        return stateToolTip(info);
    case EngineTableModel::CpuColumn:
    case EngineTableModel::MemoryColumn:
        if (info.host.isEmpty() || EngineTableModel::runsHere(info))
            return {};
        return EngineTableModel::tr(
                   "Engine %1 runs on %2: CPU time and memory are shown for engines on this machine only.")
            .arg(info.id)
            .arg(info.host);
    default:
        return {};
    }
}

} // namespace

EngineTableModel::EngineTableModel(Cluster *cluster, QObject *parent)
    : QAbstractTableModel(parent)
    , m_cluster(cluster)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &EngineTableModel::refreshStats);
    if (!m_cluster)
        return;
    connect(m_cluster, &Cluster::engineAdded, this, &EngineTableModel::handleEngineAdded);
    connect(m_cluster, &Cluster::engineChanged, this, &EngineTableModel::handleEngineChanged);
    connect(m_cluster, &Cluster::engineRemoved, this, &EngineTableModel::handleEngineRemoved);
    // A cluster that is already running shows its engines at once.
    const QList<EngineInfo> engines = m_cluster->engines();
    for (const EngineInfo &info : engines)
        m_rows.append({info, readProcessStats(hasStats(info) ? info.pid : 0),
                       info.state == EngineState::Exited ? QDateTime::currentMSecsSinceEpoch() : 0});
    updateTimer();
}

EngineTableModel::~EngineTableModel() = default;

int EngineTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EngineTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EngineTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case SortRole:
        return sortData(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row.info, index.column());
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    default:
        return {};
    }
}

QVariant EngineTableModel::displayData(const Row &row, int column) const
{
    const EngineInfo &info = row.info;
    switch (column) {
    case EngineColumn:
        return info.id;
    case JobColumn:
        return info.jobId;
    case PidColumn:
        return info.pid > 0 ? QVariant(info.pid) : QVariant();
    case HostColumn:
        return info.host;
    case StateColumn:
        return info.stateText();
    case TaskColumn:
        return info.currentSample;
    case TasksDoneColumn:
        return info.tasksDone;
    case CpuColumn:
        return row.stats.valid ? QString::number(row.stats.cpuSeconds, 'f', 2) : QString();
    case MemoryColumn:
        // A process that ended has no memory; its last CPU time stays meaningful.
        return row.stats.valid && hasStats(info)
            ? QString::number(double(row.stats.rssBytes) / (1024.0 * 1024.0), 'f', 1)
            : QString();
    case UptimeColumn:
        return info.startedMs > 0 ? formatUptime(uptimeMs(row)) : QString();
    }
    return {};
}

QVariant EngineTableModel::sortData(const Row &row, int column) const
{
    switch (column) {
    case CpuColumn:
        return row.stats.valid ? row.stats.cpuSeconds : 0.0;
    case MemoryColumn:
        return row.stats.valid && hasStats(row.info) ? row.stats.rssBytes : qint64(0);
    case UptimeColumn:
        return uptimeMs(row);
    default:
        return displayData(row, column);
    }
}

qint64 EngineTableModel::uptimeMs(const Row &row) const
{
    if (row.info.startedMs <= 0)
        return 0;
    const qint64 end = row.endedMs > 0 ? row.endedMs : QDateTime::currentMSecsSinceEpoch();
    return std::max<qint64>(0, end - row.info.startedMs);
}

QVariant EngineTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role == Qt::ToolTipRole)
        return headerToolTip(section);
    if (role != Qt::DisplayRole)
        return {};
    // Short, so that every column fits beside the other panels; the tooltips say more.
    switch (section) {
    case EngineColumn:
        return tr("Engine");
    case JobColumn:
        return tr("Job");
    case PidColumn:
        return tr("PID");
    case HostColumn:
        return tr("Host");
    case StateColumn:
        return tr("State");
    case TaskColumn:
        return tr("Task");
    case TasksDoneColumn:
        return tr("Done");
    case CpuColumn:
        return tr("CPU (s)");
    case MemoryColumn:
        return tr("Mem (MB)");
    case UptimeColumn:
        return tr("Uptime");
    }
    return {};
}

bool EngineTableModel::runsHere(const EngineInfo &info)
{
    static const QString thisHost = QHostInfo::localHostName();
    return info.launcher == u"local" || (!info.host.isEmpty() && info.host == thisHost);
}

int EngineTableModel::rowOf(int engineId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).info.id == engineId)
            return int(i);
    return -1;
}

EngineInfo EngineTableModel::currentInfo(int id, bool *found) const
{
    const auto info = m_cluster ? m_cluster->engineInfo(id) : std::nullopt;
    *found = info.has_value();
    return info.value_or(EngineInfo{});
}

void EngineTableModel::handleEngineAdded(int id)
{
    bool found = false;
    EngineInfo info = currentInfo(id, &found);
    if (!found || rowOf(id) >= 0)
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.append({std::move(info), {}, 0});
    endInsertRows();
    updateTimer();
}

void EngineTableModel::handleEngineChanged(int id)
{
    const int row = rowOf(id);
    bool found = false;
    const EngineInfo info = currentInfo(id, &found);
    if (row < 0 || !found)
        return;
    Row &entry = m_rows[row];
    if (info.state == EngineState::Exited && entry.endedMs == 0)
        entry.endedMs = QDateTime::currentMSecsSinceEpoch();
    entry.info = info;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    updateTimer();
}

void EngineTableModel::handleEngineRemoved(int id)
{
    // The cluster may already have forgotten the engine (stop() does), so only the id is used.
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    updateTimer();
}

void EngineTableModel::refreshStats()
{
    if (m_rows.isEmpty())
        return;
    for (Row &row : m_rows) {
        // Exited engines keep their last reading: their pid may already belong to another process.
        if (hasStats(row.info))
            if (const ProcessStats stats = readProcessStats(row.info.pid); stats.valid)
                row.stats = stats;
    }
    emit dataChanged(index(0, CpuColumn), index(int(m_rows.size()) - 1, UptimeColumn), {Qt::DisplayRole, SortRole});
}

void EngineTableModel::updateTimer()
{
    // Uptime of exited engines is frozen, so the clock only needs to tick for live ones.
    const bool anyLive = std::any_of(m_rows.cbegin(), m_rows.cend(),
                                     [](const Row &row) { return row.info.state != EngineState::Exited; });
    if (anyLive && !m_timer->isActive())
        m_timer->start();
    else if (!anyLive)
        m_timer->stop();
}

} // namespace qc
