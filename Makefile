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
# What the tests start: a virtual display and screenshots, the independent
# iCalendar validators, and real SMTP and CalDAV servers.
TEST_PKGS := tzdata xvfb xauth x11-utils imagemagick dbus-x11 \
	python3 python3-dateutil python3-icalendar python3-recurring-ical-events \
	python3-aiosmtpd radicale
ICALJS  := calendar/ics/testdata/icaljs

.PHONY: all build run test vet bench deps-build deps-test icon screenshots clean

all: build

build: deps-build
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/twoway

run: build
	./$(BIN)

test: deps-build deps-test
	$(GO) vet -tags $(TAGS) ./...
	@if [ -f $(ICALJS)/package-lock.json ]; then \
		cd $(ICALJS) && npm ci --no-audit --no-fund --loglevel=error; fi
	LANG=en_US.UTF-8 $(GO) test -tags $(TAGS) -timeout 30m ./...

bench: deps-build deps-test
	LANG=en_US.UTF-8 $(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...

deps-build:
	@scripts/apt-ensure.sh $(BUILD_PKGS)

deps-test:
	@scripts/apt-ensure.sh $(TEST_PKGS)
	@command -v npm >/dev/null 2>&1 || scripts/apt-ensure.sh nodejs npm

icon:
	convert -background none -density 96 assets/icon.svg -resize 512x512 -depth 8 assets/icon.png

screenshots: build deps-test
	@scripts/apt-ensure.sh xdotool
	scripts/screenshots.sh

clean:
	rm -rf bin
