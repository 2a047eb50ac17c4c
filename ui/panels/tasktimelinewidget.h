// Which engine ran which task when: one row per engine, one bar per task, painted directly.
#pragma once

#include "analysis/runresult.h"

#include <QColor>
#include <QList>
#include <QRectF>
#include <QString>
#include <QWidget>

namespace qc {

class TaskTimelineWidget : public QWidget
{
    Q_OBJECT

public:
    explicit TaskTimelineWidget(QWidget *parent = nullptr);

    void setRun(const RunResult &run);
    void clear();

    int rowCount() const { return int(m_rows.size()); }
    int barCount() const { return int(m_bars.size()); }
    QString rowLabel(int row) const;
    // Where bar `index` is drawn at the current size, in widget coordinates; bars are ordered by
    // row, then start time. Empty for an index out of range.
    QRectF barRect(int index) const;
    int barRow(int index) const;
    QString barFolder(int index) const;
    QColor barColor(int index) const;
    // The tooltip text for the bar under `pos`, or an empty string.
    QString toolTipAt(const QPoint &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Row
    {
        QString label;
        QString detail; // "12 tasks, busy 97 %": shown under the label when the row is tall enough
        int firstLane = 0; // lanes are stacked across rows; in-process tasks may overlap
        int lanes = 1;
    };
    struct Bar
    {
        int row = 0;
        int lane = 0; // absolute lane index
        QString folder;
        qint64 startUs = 0; // relative to the earliest start in the run
        qint64 endUs = 0;
        QColor color;
    };
    struct Geometry
    {
        QRectF plot; // where bars go; x maps [0, m_spanUs]
        qreal laneHeight = 0;
        qreal rowGap = 0;
    };

    Geometry geometry() const;
    qreal axisHeight() const;
    int heightFor(qreal laneLines) const;
    qreal laneTop(const Geometry &g, int lane) const;
    int totalLanes() const;
    QFont rowLabelFont() const;
    qreal rowLabelWidth() const;
    void paintRows(QPainter &painter, const Geometry &g) const;
    void paintAxis(QPainter &painter, const Geometry &g) const;
    void paintBar(QPainter &painter, const Bar &bar, const QRectF &rect) const;

    QList<Row> m_rows;
    QList<Bar> m_bars;
    qint64 m_spanUs = 0;
    bool m_hasRun = false;
};

} // namespace qc
