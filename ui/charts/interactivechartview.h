// A chart view for exploring quality charts: wheel zoom and drag pan along positions, and a
// tooltip with the statistics of the position under the mouse.
#pragma once

#include "analysis/runresult.h"
#include "stats/positionstats.h"

#include <QChartView>
#include <QHash>
#include <QList>
#include <QPoint>
#include <QString>

#include <optional>
#include <vector>

class QLineSeries;
class QValueAxis;

namespace qc {

class InteractiveChartView : public QChartView
{
    Q_OBJECT

public:
    explicit InteractiveChartView(QWidget *parent = nullptr);

    // Shows `chart` and takes ownership of it; the chart shown before is deleted. With
    // keepXRange, a zoomed x range carries over (the same data redrawn with other decorations).
    void showChart(QChart *chart, bool keepXRange = false);

    // The results the charts were drawn from, looked up by series name for the tooltip.
    void setSamples(const QList<SampleResult> &samples);

    // The tooltip text for a viewport position: the folder nearest the mouse (named when the
    // chart has several), and the position, mean, median and count there. Empty off the data.
    QString hoverText(const QPoint &viewportPos) const;

    // factor < 1 zooms in, keeping the x value under viewportPos where it is.
    void zoomX(qreal factor, const QPoint &viewportPos);
    void panX(qreal pixels); // positive moves the view toward higher positions
    bool isZoomed() const;

public slots:
    void resetZoom(); // back to the axes' ranges when the chart was shown

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct AxisState
    {
        QValueAxis *axis = nullptr;
        qreal min = 0;
        qreal max = 0;
    };

    QValueAxis *xAxis() const;
    void setXRange(qreal min, qreal max);
    QList<QLineSeries *> dataSeries() const;

    QList<AxisState> m_original;
    QHash<QString, std::vector<PositionStats>> m_stats;
    std::optional<QPoint> m_dragFrom;
};

} // namespace qc
