#include "enginetablemodel.h"

#include "cluster/cluster.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>

namespace qc {

namespace {

constexpr int kRefreshMs = 1000;

bool isLive(const EngineInfo &info)
{
    return info.state != EngineState::Exited && info.pid > 0;
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
    const bool text = column == EngineTableModel::HostColumn || column == EngineTableModel::StateColumn
                      || column == EngineTableModel::TaskColumn;
    return QVariant((text ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
}

QString stateToolTip(const EngineInfo &info)
{
    switch (info.state) {
    case EngineState::Starting:
        return EngineTableModel::tr("The engine process was started and has not connected yet.");
    case EngineState::Idle:
        return EngineTableModel::tr("The engine is connected and waiting for work.");
    case EngineState::Busy:
        return EngineTableModel::tr("The engine is analysing part of %1.").arg(info.currentSample);
    case EngineState::Stopping:
        return EngineTableModel::tr("The engine was asked to quit and has not exited yet.");
    case EngineState::Exited:
        return info.exitSignal != 0
                   ? EngineTableModel::tr("The engine process was killed by signal %1.").arg(info.exitSignal)
                   : EngineTableModel::tr("The engine process exited with code %1.").arg(info.exitCode);
    }
    return {};
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
        m_rows.append({info, readProcessStats(isLive(info) ? info.pid : 0),
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
        return index.column() == StateColumn ? stateToolTip(row.info) : QVariant();
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
    case EngineColumn: return info.id;
    case PidColumn: return info.pid > 0 ? QVariant(info.pid) : QVariant();
    case HostColumn: return info.host;
    case StateColumn: return info.stateText();
    case TaskColumn: return info.currentSample;
    case TasksDoneColumn: return info.tasksDone;
    case CpuColumn:
        return row.stats.valid ? QString::number(row.stats.cpuSeconds, 'f', 2) : QString();
    case MemoryColumn:
        // A process that ended has no memory; its last CPU time stays meaningful.
        return row.stats.valid && isLive(info) ? QString::number(double(row.stats.rssBytes) / (1024.0 * 1024.0), 'f', 1)
                                               : QString();
    case UptimeColumn:
        return info.startedMs > 0 ? formatUptime(uptimeMs(row)) : QString();
    }
    return {};
}

QVariant EngineTableModel::sortData(const Row &row, int column) const
{
    switch (column) {
    case CpuColumn: return row.stats.valid ? row.stats.cpuSeconds : 0.0;
    case MemoryColumn: return row.stats.valid && isLive(row.info) ? row.stats.rssBytes : qint64(0);
    case UptimeColumn: return uptimeMs(row);
    default: return displayData(row, column);
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
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EngineColumn: return tr("Engine");
    case PidColumn: return tr("PID");
    case HostColumn: return tr("Host");
    case StateColumn: return tr("State");
    case TaskColumn: return tr("Current task");
    case TasksDoneColumn: return tr("Tasks done");
    case CpuColumn: return tr("CPU time (s)");
    case MemoryColumn: return tr("Memory (MB)");
    case UptimeColumn: return tr("Uptime");
    }
    return {};
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
        if (isLive(row.info))
            if (const ProcessStats stats = readProcessStats(row.info.pid); stats.valid)
                row.stats = stats;
    }
    emit dataChanged(index(0, CpuColumn), index(int(m_rows.size()) - 1, UptimeColumn),
                     {Qt::DisplayRole, SortRole});
}

void EngineTableModel::updateTimer()
{
    // Uptime of exited engines is frozen, so the clock only needs to tick for live ones.
    const bool anyLive = std::any_of(m_rows.cbegin(), m_rows.cend(), [](const Row &row) {
        return row.info.state != EngineState::Exited;
    });
    if (anyLive && !m_timer->isActive())
        m_timer->start();
    else if (!anyLive)
        m_timer->stop();
}

} // namespace qc
