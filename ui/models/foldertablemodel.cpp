#include "foldertablemodel.h"

#include "formats/qualityfile.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent>

#include <algorithm>

namespace qc {

namespace {

// Counts the reads with the readers the analysis uses, so that every format counts right
// (a FASTQ file holds many reads, an ABI file one). A file they reject counts no reads; the
// analysis lists it with the reason.
void countReads(QPromise<qint64> &promise, const QStringList &files)
{
    qint64 reads = 0;
    ParsedReads parsed;
    QByteArray buffer;
    for (const QString &path : files) {
        if (promise.isCanceled())
            return;
        if (!readQualityFile(path, parsed, buffer))
            reads += qint64(parsed.reads.size());
    }
    promise.addResult(reads);
}

} // namespace

FolderTableModel::FolderTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

FolderTableModel::~FolderTableModel()
{
    // Counts still running stop at their next file; nobody is left to take their result.
    for (QFutureWatcher<qint64> *watcher : std::as_const(m_counting))
        watcher->cancel();
}

int FolderTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FolderTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FolderTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case SortRole:
        switch (column) {
        case TreatmentColumn:
            return row.sample.treatment;
        case ReplicateColumn:
            return row.sample.replicate;
        case FilesColumn:
            return int(row.sample.files.size());
        case ReadsColumn:
            return row.reads;
        default:
            return displayData(row, column);
        }
    case Qt::ToolTipRole:
        if (column == FolderColumn)
            return row.sample.path;
        if (column == FilesColumn && row.sample.skippedFiles > 0)
            return tr("%1 quality files; %2 other files in the folder are not read.")
                .arg(row.sample.files.size())
                .arg(row.sample.skippedFiles);
        return {};
    case Qt::TextAlignmentRole:
        return QVariant((column == FolderColumn || column == StatusColumn ? Qt::AlignLeft : Qt::AlignRight)
                        | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant FolderTableModel::displayData(const Row &row, int column) const
{
    switch (column) {
    case FolderColumn:
        return row.sample.name;
    case TreatmentColumn:
        return row.sample.treatment >= 0 ? QVariant(row.sample.treatment) : QVariant();
    case ReplicateColumn:
        return row.sample.replicate >= 0 ? QVariant(row.sample.replicate) : QVariant();
    case FilesColumn:
        return int(row.sample.files.size());
    case ReadsColumn:
        return row.reads >= 0 ? QVariant(row.reads) : QVariant(tr("counting…"));
    case StatusColumn:
        return row.status;
    }
    return {};
}

QVariant FolderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return QVariant((section == FolderColumn || section == StatusColumn ? Qt::AlignLeft : Qt::AlignRight)
                        | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FolderColumn:
        return tr("Folder");
    case TreatmentColumn:
        return tr("Treatment");
    case ReplicateColumn:
        return tr("Replicate");
    case FilesColumn:
        return tr("Files");
    case ReadsColumn:
        return tr("Reads");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

bool FolderTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count < 1 || row + count > m_rows.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    for (int i = row; i < row + count; ++i)
        if (QFutureWatcher<qint64> *watcher = m_counting.value(m_rows.at(i).job))
            watcher->cancel(); // its finished() still arrives and finds no row
    m_rows.remove(row, count);
    endRemoveRows();
    return true;
}

void FolderTableModel::addSamples(const QList<Sample> &samples)
{
    QList<Row> added;
    for (const Sample &sample : samples) {
        const auto samePath = [&sample](const Row &row) { return row.sample.path == sample.path; };
        if (std::none_of(m_rows.cbegin(), m_rows.cend(), samePath)
            && std::none_of(added.cbegin(), added.cend(), samePath))
            added.append({sample, -1, {}, ++m_nextJob});
    }
    if (added.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
    m_rows.append(added);
    endInsertRows();

    for (const Row &row : std::as_const(added)) {
        auto *watcher = new QFutureWatcher<qint64>(this);
        const quint64 job = row.job;
        const QString path = row.sample.path;
        connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, job, path] { handleCounted(job, path); });
        m_counting.insert(job, watcher);
        watcher->setFuture(QtConcurrent::run(countReads, row.sample.files));
    }
}

void FolderTableModel::handleCounted(quint64 job, const QString &path)
{
    QFutureWatcher<qint64> *watcher = m_counting.take(job);
    if (!watcher)
        return;
    watcher->deleteLater();
    if (watcher->isCanceled() || watcher->future().resultCount() == 0)
        return;
    // Rows may have moved or gone since the count started: it lands only on the row it was for.
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (row.sample.path == path && row.job == job) {
            row.reads = watcher->result();
            const QModelIndex cell = index(int(i), ReadsColumn);
            emit dataChanged(cell, cell);
            return;
        }
    }
}

QList<Sample> FolderTableModel::samples() const
{
    QList<Sample> samples;
    samples.reserve(m_rows.size());
    for (const Row &row : m_rows)
        samples.append(row.sample);
    return samples;
}

void FolderTableModel::setStatus(const QString &sampleName, const QString &status)
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).sample.name != sampleName || m_rows.at(i).status == status)
            continue;
        m_rows[i].status = status;
        const QModelIndex cell = index(int(i), StatusColumn);
        emit dataChanged(cell, cell);
    }
}

void FolderTableModel::setAllStatuses(const QString &status)
{
    if (m_rows.isEmpty())
        return;
    for (Row &row : m_rows)
        row.status = status;
    emit dataChanged(index(0, StatusColumn), index(int(m_rows.size()) - 1, StatusColumn));
}

} // namespace qc
