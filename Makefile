# Twoway: `make run` starts the app, `make test` runs every test.
# Both install the Debian/Ubuntu packages they need first (via apt-get,
# with sudo when not root), so they work on a fresh machine with Go.

GO      ?= go
TAGS    := migrated_fynedo
BIN     := bin/twoway
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

# What Fyne (cgo, OpenGL, X11/Wayland) and go-sqlite3 need to build.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev
# Fonts for names in other scripts: Fyne falls back per character to the
# system's fonts, and these cover Arabic, Hebrew, Devanagari, Thai and more
# (Noto) and Chinese, Japanese and Korean (Noto CJK). Windows and macOS ship
# such fonts.
RUN_PKGS := fonts-noto-core fonts-noto-cjk
# What the tests start: a virtual display and screenshots, the independent
# iCalendar validators, and real SMTP, IMAP and CalDAV servers.
TEST_PKGS := tzdata xvfb xauth x11-utils imagemagick dbus-x11 \
	python3 python3-dateutil python3-icalendar python3-recurring-ical-events \
	python3-aiosmtpd radicale desktop-file-utils xz-utils \
	python3-gi gir1.2-ical-3.0 dbus dunst dovecot-imapd gnome-keyring
ICALJS  := calendar/ics/testdata/icaljs

.PHONY: all build run test fuzz vet bench deps-build deps-run deps-test icon screenshots clean

all: build

build: deps-build
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/twoway

run: build deps-run
	./$(BIN)

# test runs every test under the race detector: the UI does its disk and
# network work on other goroutines (ui/async_test.go drives it that way).
test: deps-build deps-run deps-test
	$(GO) vet -tags $(TAGS) ./...
	@if [ -f $(ICALJS)/package-lock.json ]; then \
		cd $(ICALJS) && npm ci --no-audit --no-fund --loglevel=error; fi
	LANG=en_US.UTF-8 $(GO) test -race -tags $(TAGS) -timeout 40m ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)

# fuzz runs every Fuzz* function for FUZZTIME each (see scripts/fuzz.sh);
# `make test` runs it after the unit tests.
FUZZTIME ?= 8s
fuzz: deps-build
	GO=$(GO) TAGS=$(TAGS) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

# bench runs the Go benchmarks one package at a time (two at once would
# share the cores and skew both), then bench/startup: in one run it builds the
# app and a bare Fyne window, times both starting under one Xvfb (display
# $(BENCH_DISPLAY)) with a 1,000-partnership demo database, and times Go
# against ical.js expanding the same .ics. BENCHMARKS.md explains the figures.
BENCH_ROUNDS  ?= 10
BENCH_DISPLAY ?= :82
bench: deps-build deps-test
	LANG=en_US.UTF-8 $(GO) test -tags $(TAGS) -p 1 -run '^$$' -bench . -benchmem ./...
	cd $(ICALJS) && npm ci --no-audit --no-fund --loglevel=error
	LANG=en_US.UTF-8 $(GO) run ./bench/startup -rounds $(BENCH_ROUNDS) -display $(BENCH_DISPLAY)

deps-build:
	@scripts/apt-ensure.sh $(BUILD_PKGS)

deps-run:
	@scripts/apt-ensure.sh $(RUN_PKGS)

deps-test:
	@scripts/apt-ensure.sh $(TEST_PKGS)
	@command -v npm >/dev/null 2>&1 || scripts/apt-ensure.sh nodejs npm

# Packaging. `make package` writes dist/Twoway.tar.xz with Fyne's packager
# (pinned in go.mod, run as `go tool fyne`): a release build (tags release
# and, from FyneApp.toml's Migrations, migrated_fynedo) with the version
# stamped as main.version, a .desktop entry and the icon, under
# usr/local/. The packager bumps Build in FyneApp.toml and drops its
# comments on every run; the file is put back so packaging leaves the tree
# clean.
DIST        ?= dist
APP_NAME    := Twoway
APP_ID      := app.twoway.desktop
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' cmd/twoway/FyneApp.toml)
TARBALL     := $(DIST)/$(APP_NAME).tar.xz
# `make install` is a user install into ~/.local; a system one is
# `sudo make install PREFIX=/usr/local`. DESTDIR stages it elsewhere.
PREFIX      ?= $(HOME)/.local
ICON_DIR    := share/icons/hicolor/512x512/apps

.PHONY: package install uninstall

package: deps-build
	@scripts/apt-ensure.sh xz-utils
	@mkdir -p $(DIST)
	cd cmd/twoway && keep=$$(mktemp) && cp FyneApp.toml "$$keep" && \
	trap 'cp "$$keep" FyneApp.toml; rm -f "$$keep"' EXIT && trap 'exit 130' INT TERM && \
	GOFLAGS="$(GOFLAGS) -ldflags=-X=main.version=$(APP_VERSION)+$(VERSION)" \
		$(GO) tool fyne package --os linux --release && \
	mv $(APP_NAME).tar.xz $(abspath $(TARBALL))
	@echo "wrote $(TARBALL)"

# install takes its files from the tarball, so what is installed is what
# `make package` built and the smoke test checked. It does not use the
# tarball's own Makefile (kept in it for people who only download the
# tarball): that one puts the icon in share/pixmaps, which is not searched
# under ~/.local, and writes DESTDIR into the user install's Exec line.
# Here the icon goes into the hicolor theme, found under any prefix, and
# Exec names the installed binary so ~/.local/bin need not be on PATH.
install:
	@test -f $(TARBALL) || $(MAKE) package
	@stage=$$(mktemp -d) && trap 'rm -rf "$$stage"' EXIT && \
	tar -xJf $(TARBALL) -C "$$stage" && \
	root=$$(dirname "$$(find "$$stage" -type f -path '*/bin/twoway')") && root=$${root%/bin} && \
	install -Dm755 "$$root/bin/twoway" "$(DESTDIR)$(PREFIX)/bin/twoway" && \
	install -Dm644 "$$root/share/pixmaps/$(APP_ID).png" "$(DESTDIR)$(PREFIX)/$(ICON_DIR)/$(APP_ID).png" && \
	install -d "$(DESTDIR)$(PREFIX)/share/applications" && \
	sed 's|^Exec=twoway|Exec=$(PREFIX)/bin/twoway|' "$$root/share/applications/$(APP_ID).desktop" \
		>"$(DESTDIR)$(PREFIX)/share/applications/$(APP_ID).desktop" && \
	chmod 644 "$(DESTDIR)$(PREFIX)/share/applications/$(APP_ID).desktop"
	@echo "installed $(PREFIX)/bin/twoway and its menu entry"
	@$(MAKE) --no-print-directory refresh-menus

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/twoway" "$(DESTDIR)$(PREFIX)/$(ICON_DIR)/$(APP_ID).png" \
		"$(DESTDIR)$(PREFIX)/share/applications/$(APP_ID).desktop"
	@$(MAKE) --no-print-directory refresh-menus

# refresh-menus tells a running desktop about the change; nothing to do for
# a staged (DESTDIR) install, and harmless where the tools are missing.
.PHONY: refresh-menus
refresh-menus:
	@if [ -z "$(DESTDIR)" ]; then \
		if command -v update-desktop-database >/dev/null 2>&1; then \
			update-desktop-database -q "$(PREFIX)/share/applications" || true; fi; \
		touch --no-create "$(PREFIX)/share/icons/hicolor" 2>/dev/null || true; \
	fi

icon:
	convert -background none -density 96 assets/icon.svg -resize 512x512 -depth 8 assets/icon.png

screenshots: build deps-test
	@scripts/apt-ensure.sh xdotool
	scripts/screenshots.sh

clean:
	rm -rf bin
