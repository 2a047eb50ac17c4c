#include "chartexport.h"

#include "qualitychart.h"

#include <QChart>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFuture>
#include <QGraphicsScene>
#include <QImageWriter>
#include <QList>
#include <QPainter>
#include <QSvgGenerator>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent>

#include <algorithm>
#include <memory>

namespace qc {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("qc::ChartExport", text);
}

// Runs on a pool thread: PNG encoding is most of an export's time, and QImageWriter is safe to
// use on distinct images at once. Returns an empty string on success.
QString writePng(const QImage &image, const QString &path)
{
    QImageWriter writer(path, "png");
    if (writer.write(image))
        return {};
    return tr("Cannot write the chart %1: %2.").arg(QDir::toNativeSeparators(path), writer.errorString());
}

// A chart lays itself out when its size changes; one kept readable (keepChartReadable) then
// refits its title, ticks and legend, which asks for a second layout later. Export draws at once.
void setGeometryNow(QChart *chart, const QRectF &geometry)
{
    chart->setGeometry(geometry);
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::sendPostedEvents(chart, QEvent::LayoutRequest);
}

// A chart shown in a narrow view may have its title on two lines, as rich text.
QString plainTitle(const QChart *chart)
{
    QString title = chart->title();
    if (!Qt::mightBeRichText(title))
        return title;
    return QTextDocumentFragment::fromHtml(title).toPlainText().replace(u'\n', u' ');
}

} // namespace

void paintChart(QChart *chart, QPainter *painter, QSize size)
{
    if (!chart || !painter || size.isEmpty())
        return;
    // A chart shown in a view lives in that view's scene; borrow it and give it back unchanged.
    QGraphicsScene *home = chart->scene();
    const QRectF homeGeometry = chart->geometry();
    if (home)
        home->removeItem(chart);

    // Rendering the chart through a scene at full size lays it out for that size; grabbing a
    // never-shown QChartView would give a thumbnail.
    QGraphicsScene scene;
    scene.addItem(chart);
    const QRectF area(QPointF(0, 0), QSizeF(size));
    setGeometryNow(chart, area);
    scene.setSceneRect(area);
    scene.render(painter, area, area);

    scene.removeItem(chart); // the caller owns the chart, not this scene
    if (home) {
        home->addItem(chart);
        setGeometryNow(chart, homeGeometry);
    }
}

QImage renderChart(QChart *chart, QSize size)
{
    if (!chart || size.isEmpty())
        return {};
    // RGB32 since the chart is opaque: the PNG then carries no alpha channel to encode.
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
        paintChart(chart, &painter, size);
    }
    return image;
}

std::optional<QString> saveChartImage(QChart *chart, const QString &path, QSize size, int dpi)
{
    QImage image = renderChart(chart, size);
    if (image.isNull())
        return tr("Cannot write the chart %1: there is no chart of that size to draw.")
            .arg(QDir::toNativeSeparators(path));
    // PNG stores resolution as dots per metre (its pHYs chunk).
    const int dotsPerMeter = qRound(std::max(dpi, 1) / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    const QString error = writePng(image, path);
    if (!error.isEmpty())
        return error;
    return std::nullopt;
}

std::optional<QString> saveChartSvg(QChart *chart, const QString &path, QSize size)
{
    if (!chart || size.isEmpty())
        return tr("Cannot write the chart %1: there is no chart of that size to draw.")
            .arg(QDir::toNativeSeparators(path));
    // Open the file ourselves: QSvgGenerator only warns on the console when it cannot.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return tr("Cannot write the chart %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString());

    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(plainTitle(chart));
    {
        QPainter painter(&generator);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        paintChart(chart, &painter, size);
    }
    if (!file.flush() || file.error() != QFileDevice::NoError)
        return tr("Cannot write the chart %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString());
    return std::nullopt;
}

std::optional<QString> exportRunCharts(const RunResult &run, const QString &dir, QSize size)
{
    // Charts draw text through the GUI's font machinery, which belongs to the application thread.
    Q_ASSERT(QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread());

    const QDir target(dir);
    if (!QDir().mkpath(dir))
        return tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(dir));
    const QString overlayName = QStringLiteral("overlay");
    for (const SampleResult &r : run.samples) {
        if (r.sample.name == overlayName)
            return tr("Cannot export charts to %1: a sample named %2 would overwrite the overlay chart.")
                .arg(QDir::toNativeSeparators(dir), overlayName);
    }

    // Render here, one chart at a time, and hand each image to the pool to encode while the next
    // one renders. A bound on images in flight keeps memory flat for runs with many samples.
    const int maxInFlight = 2 * std::max(1, QThreadPool::globalInstance()->maxThreadCount());
    QList<QFuture<QString>> pending;
    QString firstError;
    auto collectOldest = [&] {
        const QString error = pending.takeFirst().result();
        if (firstError.isEmpty())
            firstError = error;
    };
    auto exportChart = [&](QChart *created, const QString &name) {
        const std::unique_ptr<QChart> chart(created);
        const QImage image = renderChart(chart.get(), size);
        const QString path = target.filePath(name + QStringLiteral(".png"));
        pending.append(QtConcurrent::run(writePng, image, path));
        while (pending.size() >= maxInFlight)
            collectOldest();
    };

    for (const SampleResult &r : run.samples) {
        exportChart(createMeanQualityChart(r), r.sample.name);
        if (!firstError.isEmpty())
            break; // the folder is not writable; more files would fail the same way
    }
    if (firstError.isEmpty())
        exportChart(createOverlayChart(run.samples), overlayName);
    while (!pending.isEmpty())
        collectOldest();

    if (!firstError.isEmpty())
        return firstError;
    return std::nullopt;
}

} // namespace qc
