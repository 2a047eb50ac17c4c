#include "exportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace qc {

namespace {

constexpr int kMinPixels = 200;
constexpr int kMaxPixels = 10000; // 10000 x 10000 RGB32 is 400 MB: about the most worth asking for

// "a/t1_1.png" becomes "a/t1_1.svg"; a name without a known suffix gets one.
QString withSuffix(const QString &path, const QString &suffix)
{
    if (path.isEmpty())
        return path;
    const QString current = QFileInfo(path).suffix().toLower();
    if (current == u"png" || current == u"svg")
        return path.left(path.size() - current.size()) + suffix;
    return path + u'.' + suffix;
}

QSpinBox *pixelBox(int value, const QString &accessibleName)
{
    auto *box = new QSpinBox;
    box->setRange(kMinPixels, kMaxPixels);
    box->setSingleStep(100);
    box->setSuffix(ExportDialog::tr(" px"));
    box->setValue(value);
    box->setAccessibleName(accessibleName);
    return box;
}

} // namespace

QString ExportDialog::defaultFolder()
{
    // A system without ~/Pictures still names it as the pictures folder: propose only what exists.
    for (const auto location : {QStandardPaths::PicturesLocation, QStandardPaths::DocumentsLocation}) {
        QString folder = QStandardPaths::writableLocation(location);
        if (!folder.isEmpty() && QFileInfo(folder).isDir())
            return folder;
    }
    return QDir::homePath();
}

ExportDialog::ExportDialog(const QString &chartName, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export Charts"));
    setAccessibleName(tr("Export charts"));

    m_scope = new QComboBox;
    m_scope->addItem(tr("This chart, to a file"), int(ChartExportSettings::Scope::CurrentChart));
    m_scope->addItem(tr("Every folder and the overlay, to a folder"), int(ChartExportSettings::Scope::AllCharts));
    m_scope->setObjectName(QStringLiteral("scopeCombo"));
    m_scope->setAccessibleName(tr("Charts to export"));

    m_format = new QComboBox;
    m_format->addItem(tr("PNG image"), int(ChartExportSettings::Format::Png));
    m_format->addItem(tr("SVG drawing"), int(ChartExportSettings::Format::Svg));
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->setAccessibleName(tr("File format"));

    m_width = pixelBox(kDefaultChartSize.width(), tr("Width in pixels"));
    m_width->setObjectName(QStringLiteral("widthSpin"));
    m_height = pixelBox(kDefaultChartSize.height(), tr("Height in pixels"));
    m_height->setObjectName(QStringLiteral("heightSpin"));

    m_dpi = new QSpinBox;
    m_dpi->setRange(30, 1200);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setValue(96);
    m_dpi->setObjectName(QStringLiteral("dpiSpin"));
    m_dpi->setAccessibleName(tr("Resolution in dots per inch"));
    m_dpi->setToolTip(tr("Stored in PNG files for printing and layout programs."));

    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setAccessibleName(tr("Save to"));
    m_path->setMinimumWidth(360);
    m_browse = new QPushButton(tr("&Browse…"));
    m_browse->setAccessibleName(tr("Choose where to save"));
    auto *pathRow = new QHBoxLayout;
    pathRow->setContentsMargins(0, 0, 0, 0);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Export:"), m_scope);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Width:"), m_width);
    form->addRow(tr("&Height:"), m_height);
    form->addRow(tr("&Resolution:"), m_dpi);
    form->addRow(tr("&Save to:"), pathRow);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(pathRow)))
        label->setBuddy(m_path); // a layout cannot take focus; the field can

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Save)->setAccessibleName(tr("Save the charts"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel the export"));

    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("Export problem"));
    m_error->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    const QDir folder(defaultFolder());
    m_lastFile = folder.filePath(chartName + QStringLiteral(".png"));
    m_lastFolder = folder.filePath(QStringLiteral("quality-charts"));
    m_path->setText(m_lastFile);

    connect(m_scope, &QComboBox::currentIndexChanged, this, &ExportDialog::handleScopeChanged);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::handleFormatChanged);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::handleBrowse);
    connect(m_path, &QLineEdit::textChanged, this, [this](const QString &text) {
        (scope() == ChartExportSettings::Scope::AllCharts ? m_lastFolder : m_lastFile) = text;
        m_error->hide();
        updateSaveButton();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateSaveButton();
}

ChartExportSettings ExportDialog::settings() const
{
    ChartExportSettings settings;
    settings.format = format();
    settings.scope = scope();
    settings.size = QSize(m_width->value(), m_height->value());
    settings.dpi = m_dpi->value();
    settings.path = m_path->text().trimmed();
    return settings;
}

void ExportDialog::setSettings(const ChartExportSettings &settings)
{
    m_scope->setCurrentIndex(m_scope->findData(int(settings.scope)));
    m_format->setCurrentIndex(m_format->findData(int(settings.format)));
    m_width->setValue(settings.size.width());
    m_height->setValue(settings.size.height());
    m_dpi->setValue(settings.dpi);
    m_path->setText(settings.path);
}

void ExportDialog::accept()
{
    // The folder the files go to exists when the dialog closes, or the dialog says why not.
    const ChartExportSettings chosen = settings();
    const QString folder =
        chosen.scope == ChartExportSettings::Scope::AllCharts ? chosen.path : QFileInfo(chosen.path).absolutePath();
    if (!QDir().mkpath(folder)) {
        m_error->setText(
            tr("Cannot create the folder %1: choose another place.").arg(QDir::toNativeSeparators(folder)));
        m_error->show();
        return;
    }
    QDialog::accept();
}

void ExportDialog::handleFormatChanged()
{
    ChartExportSettings probe;
    probe.format = format();
    m_dpi->setEnabled(format() == ChartExportSettings::Format::Png); // SVG has no pixels
    m_lastFile = withSuffix(m_lastFile, probe.suffix());
    if (scope() == ChartExportSettings::Scope::CurrentChart)
        m_path->setText(m_lastFile);
}

void ExportDialog::handleScopeChanged()
{
    const bool all = scope() == ChartExportSettings::Scope::AllCharts;
    m_path->setText(all ? m_lastFolder : m_lastFile);
}

void ExportDialog::handleBrowse()
{
    QString chosen;
    if (scope() == ChartExportSettings::Scope::AllCharts) {
        chosen = QFileDialog::getExistingDirectory(this, tr("Choose a Folder for the Charts"), m_path->text());
    } else {
        const QString filter =
            format() == ChartExportSettings::Format::Svg ? tr("SVG drawings (*.svg)") : tr("PNG images (*.png)");
        chosen = QFileDialog::getSaveFileName(this, tr("Export Chart"), m_path->text(), filter);
    }
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void ExportDialog::updateSaveButton()
{
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!m_path->text().trimmed().isEmpty());
}

ChartExportSettings::Format ExportDialog::format() const
{
    return ChartExportSettings::Format(m_format->currentData().toInt());
}

ChartExportSettings::Scope ExportDialog::scope() const
{
    return ChartExportSettings::Scope(m_scope->currentData().toInt());
}

} // namespace qc
