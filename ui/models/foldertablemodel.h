// The folders chosen for a run, with their reads counted in the background and a status each.
#pragma once

#include "analysis/sample.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

template<typename T> class QFutureWatcher;

namespace qc {

class FolderTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FolderColumn, TreatmentColumn, ReplicateColumn, FilesColumn, ReadsColumn, StatusColumn, ColumnCount };
    // The raw number behind a cell (reads are -1 while counted), for sorting proxies.
    static constexpr int SortRole = Qt::UserRole;

    explicit FolderTableModel(QObject *parent = nullptr);
    ~FolderTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    // Appends the samples whose path is not listed yet and starts counting their reads.
    void addSamples(const QList<Sample> &samples);
    QList<Sample> samples() const;
    // Every row of that sample name (two folders may share a name) shows `status`.
    void setStatus(const QString &sampleName, const QString &status);
    void setAllStatuses(const QString &status);

private:
    struct Row
    {
        Sample sample;
        qint64 reads = -1; // -1 until counted
        QString status;
        quint64 job = 0; // the count that may fill `reads`
    };

    void handleCounted(quint64 job, const QString &path);
    QVariant displayData(const Row &row, int column) const;

    QList<Row> m_rows;
    QHash<quint64, QFutureWatcher<qint64> *> m_counting; // by job
    quint64 m_nextJob = 0;
};

} // namespace qc
