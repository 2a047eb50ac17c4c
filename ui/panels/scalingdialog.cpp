#include "scalingdialog.h"

#include "analysis/scalingstudy.h"
#include "charts/chartexport.h"
#include "charts/chartstyle.h"
#include "charts/scalingchart.h"
#include "cluster/cluster.h"
#include "exportdialog.h"
#include "report/scalingreport.h"

#include <QChart>
#include <QChartView>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace qc {

namespace {

QString countsText(const QList<int> &counts)
{
    QStringList words;
    for (const int n : counts)
        words.append(QString::number(n));
    return words.join(u',');
}

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

ScalingDialog::ScalingDialog(QWidget *parent)
    : QDialog(parent)
    , m_study(new ScalingStudy(this))
    , m_counts(new QLineEdit(countsText(ScalingStudy::defaultEngineCounts()), this))
    , m_repeats(new QSpinBox(this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_cancel(new QPushButton(tr("&Cancel"), this))
    , m_export(new QPushButton(tr("&Export…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_chartView(new QChartView(this))
    , m_table(new QTableWidget(this))
    , m_words(new QLabel(this))
{
    setWindowTitle(tr("Scaling study"));
    setModal(true); // the study scales the window's cluster: nothing else runs on it meanwhile
    m_counts->setAccessibleName(tr("Engine counts"));
    m_counts->setToolTip(tr("The engine counts to measure, separated by commas, such as 1,2,4."));
    m_repeats->setRange(1, 100);
    m_repeats->setValue(3);
    m_repeats->setAccessibleName(tr("Runs of each count"));
    m_repeats->setToolTip(tr("Each count (and the serial baseline) runs this many times; the median counts."));
    m_start->setAccessibleName(tr("Start the scaling study"));
    m_cancel->setAccessibleName(tr("Cancel the scaling study"));
    m_export->setAccessibleName(tr("Export the scaling study"));
    m_export->setToolTip(tr("The chart as PNG or SVG, or the figures as CSV or JSON."));
    m_progress->setAccessibleName(tr("Scaling study progress"));
    m_status->setAccessibleName(tr("Scaling study status"));
    m_status->setWordWrap(true);
    m_chartView->setAccessibleName(tr("Scaling chart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(480, 320);
    m_table->setAccessibleName(tr("Scaling figures"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Engines"), tr("Median s"), tr("Speedup"), tr("Efficiency"), tr("Start s")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_words->setAccessibleName(tr("What the scaling study says"));
    m_words->setWordWrap(true);
    m_words->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Engine counts:"), m_counts);
    form->addRow(tr("&Runs of each:"), m_repeats);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close the scaling study"));
    close->addButton(m_export, QDialogButtonBox::ActionRole);
    auto *results = new QHBoxLayout;
    results->addWidget(m_chartView, 3);
    results->addWidget(m_table, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addLayout(results, 1);
    layout->addWidget(m_words);
    layout->addWidget(close);
    resize(1100, 700);

    connect(m_start, &QPushButton::clicked, this, &ScalingDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &ScalingDialog::cancel);
    connect(m_export, &QPushButton::clicked, this, &ScalingDialog::chooseExport);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_study, &ScalingStudy::progress, this, [this](const QString &step, int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_status->setText(tr("Measuring: %1.").arg(step));
    });
    connect(m_study, &ScalingStudy::warning, this, [this](const QString &message) { m_status->setText(message); });
    connect(m_study, &ScalingStudy::finished, this, &ScalingDialog::handleFinished);
    connect(m_study, &ScalingStudy::failed, this,
            [this](const QString &reason) { handleStopped(tr("The scaling study stopped: %1").arg(reason)); });
    connect(m_study, &ScalingStudy::cancelled, this, [this] { handleStopped(tr("The scaling study was cancelled.")); });
    updateButtons();
}

ScalingDialog::~ScalingDialog() = default;

void ScalingDialog::setInputs(const QList<Sample> &samples, Cluster *cluster, const Profile &profile)
{
    m_samples = samples;
    m_cluster = cluster;
    m_profile = profile;
    m_status->setText(samples.isEmpty() ? tr("Add folders in the Data panel first: the study runs on them.")
                                        : tr("Runs the %n listed folder(s) serially and on each engine count.", nullptr,
                                             int(samples.size())));
    updateButtons();
}

void ScalingDialog::setEngineProgram(const QString &program)
{
    m_study->setEngineProgram(program);
}

void ScalingDialog::setRecordInHistory(bool record, const QString &path)
{
    m_study->setRecordInHistory(record, path);
}

bool ScalingDialog::isRunning() const
{
    return m_study->isRunning();
}

QChart *ScalingDialog::chart() const
{
    return m_chartView->chart();
}

QString ScalingDialog::wordsText() const
{
    return m_words->text();
}

void ScalingDialog::start()
{
    const auto counts = ScalingStudy::parseEngineCounts(m_counts->text());
    if (!counts) {
        m_status->setText(tr("Engine counts are different numbers from 1 to %1 separated by commas, such as 1,2,4.")
                              .arg(ScalingStudy::kMaxEngines));
        return;
    }
    if (m_samples.isEmpty() || m_study->isRunning())
        return;
    m_progress->setValue(0);
    m_study->start(m_samples, *counts, m_repeats->value(), m_cluster, m_profile);
    updateButtons();
}

void ScalingDialog::cancel()
{
    m_study->cancel();
}

void ScalingDialog::handleFinished(const ScalingResult &result)
{
    m_result = result;
    showResult(result);
    m_status->setText(tr("Done: %1.").arg(describeFit(result.fit)));
    updateButtons();
    emit studyFinished(result);
}

void ScalingDialog::handleStopped(const QString &message)
{
    m_status->setText(message);
    m_progress->setValue(0);
    updateButtons();
}

void ScalingDialog::showResult(const ScalingResult &result)
{
    QChart *old = m_chartView->chart();
    QChart *chart = makeScalingChart(result).release();
    m_chartView->setChart(chart);
    keepChartReadable(chart);
    delete old;

    m_table->setRowCount(int(result.points.size()) + 1);
    m_table->setItem(0, 0, cell(tr("serial")));
    m_table->setItem(0, 1, cell(QString::number(result.serialMedian, 'f', 3)));
    m_table->setItem(0, 2, cell(QStringLiteral("1.00")));
    m_table->setItem(0, 3, cell(QStringLiteral("–")));
    m_table->setItem(0, 4, cell(QStringLiteral("–")));
    for (int i = 0; i < result.points.size(); ++i) {
        const ScalingPoint &p = result.points[i];
        m_table->setItem(i + 1, 0, cell(QString::number(p.engines)));
        m_table->setItem(i + 1, 1, cell(QString::number(p.medianSeconds, 'f', 3)));
        m_table->setItem(i + 1, 2, cell(QString::number(p.speedup, 'f', 2)));
        m_table->setItem(i + 1, 3, cell(tr("%1 %").arg(qRound(100 * p.efficiency))));
        m_table->setItem(i + 1, 4, cell(QString::number(p.startupSeconds, 'f', 2)));
    }
    m_words->setText(result.words);
    m_words->setAccessibleDescription(result.words);
}

std::optional<QString> ScalingDialog::exportTo(const QString &path) const
{
    if (!m_result)
        return tr("There is no scaling study to export yet.");
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"csv")
        return writeScalingCsvReport(*m_result, path);
    if (suffix == u"json")
        return writeScalingJsonReport(*m_result, path);
    if (suffix == u"png" || suffix == u"svg")
        return exportScalingChart(*m_result, path);
    return tr("Cannot export to %1: choose a .png, .svg, .csv or .json file.").arg(path);
}

void ScalingDialog::chooseExport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the scaling study"),
        QDir(ExportDialog::defaultFolder()).filePath(QStringLiteral("scaling.png")),
        tr("PNG image (*.png);;SVG drawing (*.svg);;CSV, every run (*.csv);;JSON, the whole study (*.json)"));
    if (path.isEmpty())
        return;
    const auto error = exportTo(path);
    m_status->setText(error ? *error : tr("Exported to %1.").arg(path));
}

void ScalingDialog::updateButtons()
{
    const bool running = m_study->isRunning();
    m_start->setEnabled(!running && !m_samples.isEmpty());
    m_cancel->setEnabled(running);
    m_export->setEnabled(!running && m_result.has_value());
    m_counts->setEnabled(!running);
    m_repeats->setEnabled(!running);
}

// Close, Escape and the window's close button all come here.
void ScalingDialog::reject()
{
    m_study->cancel(); // a closed dialog leaves the cluster as it found it
    QDialog::reject();
}

} // namespace qc
