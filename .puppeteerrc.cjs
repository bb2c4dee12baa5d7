// Browsers come from the system packages (chromium, firefox-esr); never download one.
module.exports = { skipDownload: true };
