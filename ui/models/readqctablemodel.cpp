#include "readqctablemodel.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>

namespace qc {

namespace {

// Light enough for dark text to stay readable; the text colour is set with it so a dark theme's
// light text does not end up on a light background.
const QColor kFailedBackground(255, 214, 214);
const QColor kFailedText(Qt::black);

bool isNumeric(int column)
{
    return column >= ReadQcTableModel::LengthColumn && column < ReadQcTableModel::ColumnCount;
}

QVariant alignment(int column)
{
    return QVariant((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
}

} // namespace

ReadQcTableModel::ReadQcTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int ReadQcTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_reads.size());
}

int ReadQcTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReadQcTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReadSummary &read = m_reads.at(index.row());
    const int column = index.column();
    const bool failed = isFailed(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(read, column);
    case SortRole:
        return sortData(read, column);
    case FailedRole:
        return failed;
    case Qt::TextAlignmentRole:
        return alignment(column);
    case Qt::BackgroundRole:
        return failed ? QVariant(QBrush(kFailedBackground)) : QVariant();
    case Qt::ForegroundRole:
        return failed ? QVariant(QBrush(kFailedText)) : QVariant();
    case Qt::ToolTipRole: {
        QString tip = column == FileColumn ? read.file : QString();
        if (failed)
            tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + failureText(read);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    default:
        return {};
    }
}

QVariant ReadQcTableModel::displayData(const ReadSummary &read, int column) const
{
    const ReadQc &qc = read.qc;
    switch (column) {
    case FileColumn:
        return QFileInfo(read.file).fileName();
    case NameColumn:
        return read.name;
    case FormatColumn:
        return read.format;
    case LengthColumn:
        return qc.length;
    case MeanColumn:
        return QString::number(qc.mean, 'f', 1);
    case Qv20Column:
        return qc.qv20;
    case CrlColumn:
        return qc.crl;
    case ClearRangeColumn:
        return clearRangeText(qc.clear);
    case TrimmedLengthColumn:
        return qc.trimmedLength();
    case TraceScoreColumn:
        return QString::number(qc.traceScore, 'f', 1);
    }
    return {};
}

QVariant ReadQcTableModel::sortData(const ReadSummary &read, int column) const
{
    const ReadQc &qc = read.qc;
    switch (column) {
    case MeanColumn:
        return qc.mean;
    case ClearRangeColumn:
        return qc.clear.start;
    case TraceScoreColumn:
        return qc.traceScore;
    default:
        return displayData(read, column);
    }
}

QString ReadQcTableModel::failureText(const ReadSummary &read) const
{
    return tr("Failed: %1 of its %2 bases have quality 20 or more; a read needs at least %3.")
        .arg(read.qc.qv20)
        .arg(read.qc.length)
        .arg(m_minQv20);
}

QVariant ReadQcTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case MeanColumn:
            return tr("Mean quality over the whole read.");
        case Qv20Column:
            return tr("Bases with quality 20 or more.");
        case CrlColumn:
            return tr("Contiguous read length: the longest stretch whose 41-base moving "
                      "average quality is 20 or more.");
        case ClearRangeColumn:
            return tr("The bases kept by modified Mott trimming (cutoff 0.05), "
                      "1-based and inclusive.");
        case TrimmedLengthColumn:
            return tr("Bases in the clear range.");
        case TraceScoreColumn:
            return tr("Mean quality inside the clear range.");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    // The numbers are narrower than two-word headers: those take two lines, so that the whole
    // table fits beside the left column at the window's first size.
    switch (section) {
    case FileColumn:
        return tr("File");
    case NameColumn:
        return tr("Name");
    case FormatColumn:
        return tr("Format");
    case LengthColumn:
        return tr("Length");
    case MeanColumn:
        return tr("Mean");
    case Qv20Column:
        return tr("QV20+");
    case CrlColumn:
        return tr("CRL");
    case ClearRangeColumn:
        return tr("Clear\nrange");
    case TrimmedLengthColumn:
        return tr("Trimmed\nlength");
    case TraceScoreColumn:
        return tr("Trace\nscore");
    }
    return {};
}

void ReadQcTableModel::setReads(const QList<ReadSummary> &reads)
{
    beginResetModel();
    m_reads = reads;
    endResetModel();
}

void ReadQcTableModel::setMinQv20(int minQv20)
{
    if (minQv20 == m_minQv20)
        return;
    m_minQv20 = minQv20;
    if (m_reads.isEmpty())
        return;
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                     {FailedRole, Qt::BackgroundRole, Qt::ForegroundRole, Qt::ToolTipRole});
}

bool ReadQcTableModel::isFailed(int row) const
{
    return row >= 0 && row < m_reads.size() && m_reads.at(row).qc.qv20 < m_minQv20;
}

QString ReadQcTableModel::clearRangeText(const ClearRange &range)
{
    if (range.length() <= 0)
        return tr("none");
    return QStringLiteral("%1–%2").arg(range.start + 1).arg(range.end);
}

} // namespace qc
