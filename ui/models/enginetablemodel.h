// One row per engine of a Cluster, following its signals: its batch job and the scheduler's word
// while it waits, and CPU and memory from /proc for engines on this machine.
#pragma once

#include "cluster/engineinfo.h"
#include "cluster/processstats.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

class QTimer;

namespace qc {

class Cluster;

class EngineTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        EngineColumn,
        JobColumn,
        PidColumn,
        HostColumn,
        StateColumn,
        TaskColumn,
        TasksDoneColumn,
        CpuColumn,
        MemoryColumn,
        UptimeColumn,
        ColumnCount
    };
    // The raw number behind a formatted cell (seconds, bytes, counts), for sorting proxies.
    static constexpr int SortRole = Qt::UserRole;

    explicit EngineTableModel(Cluster *cluster, QObject *parent = nullptr);
    ~EngineTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The row showing engine `engineId`, or -1.
    int rowOf(int engineId) const;
    // Whether /proc here describes the engine: it runs on this machine (by its host's name).
    static bool runsHere(const EngineInfo &info);

private:
    struct Row
    {
        EngineInfo info;
        ProcessStats stats;
        qint64 endedMs = 0; // when the model saw the engine exit; freezes its uptime
    };

    void handleEngineAdded(int id);
    void handleEngineChanged(int id);
    void handleEngineRemoved(int id);
    void refreshStats();
    void updateTimer();
    EngineInfo currentInfo(int id, bool *found) const;
    QVariant displayData(const Row &row, int column) const;
    QVariant sortData(const Row &row, int column) const;
    qint64 uptimeMs(const Row &row) const;

    QPointer<Cluster> m_cluster;
    QList<Row> m_rows; // in the order the engines were added
    QTimer *m_timer;
};

} // namespace qc
