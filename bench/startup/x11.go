package main

// The X11 side of the harness, in C through Xlib and the DAMAGE extension:
// the harness waits for the server to report a window's creation, its
// mapping and every change to its pixels, instead of polling with
// screenshots, which would cost CPU the programs under test need.

/*
#cgo pkg-config: x11 xdamage
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

enum { TW_NONE, TW_CREATE, TW_MAP, TW_DAMAGE, TW_DESTROY, TW_OTHER };

typedef struct {
	int kind;
	Window window, parent;
	int width, height; // create: the window's size; damage: the damaged box
	Damage damage;
} tw_event;

static int tw_errors;

// A window can vanish between an event and a request about it: count the
// error instead of letting Xlib's default handler exit the harness.
static int tw_error(Display *d, XErrorEvent *e) { tw_errors++; return 0; }

static Display *tw_open(const char *name, int *damage_base) {
	Display *d = XOpenDisplay(name);
	if (!d) return NULL;
	int err_base;
	if (!XDamageQueryExtension(d, damage_base, &err_base)) { XCloseDisplay(d); return NULL; }
	XSetErrorHandler(tw_error);
	XSelectInput(d, DefaultRootWindow(d), SubstructureNotifyMask);
	XSync(d, False);
	return d;
}

// tw_next waits up to timeout_ms for one event; 0 means none came.
static int tw_next(Display *d, int damage_base, int timeout_ms, tw_event *out) {
	memset(out, 0, sizeof *out);
	if (XPending(d) == 0) {
		struct pollfd p = { .fd = ConnectionNumber(d), .events = POLLIN };
		if (poll(&p, 1, timeout_ms) <= 0 || XPending(d) == 0) return 0;
	}
	XEvent ev;
	XNextEvent(d, &ev);
	if (ev.type == CreateNotify) {
		out->kind = TW_CREATE; out->window = ev.xcreatewindow.window; out->parent = ev.xcreatewindow.parent;
		out->width = ev.xcreatewindow.width; out->height = ev.xcreatewindow.height;
	} else if (ev.type == MapNotify) {
		out->kind = TW_MAP; out->window = ev.xmap.window; out->parent = ev.xmap.event;
	} else if (ev.type == DestroyNotify) {
		out->kind = TW_DESTROY; out->window = ev.xdestroywindow.window;
	} else if (ev.type == damage_base + XDamageNotify) {
		XDamageNotifyEvent *de = (XDamageNotifyEvent *)&ev;
		out->kind = TW_DAMAGE; out->window = de->drawable; out->damage = de->damage;
		out->width = de->area.width; out->height = de->area.height;
	} else {
		out->kind = TW_OTHER;
	}
	return 1;
}

static Damage tw_watch(Display *d, Window w) {
	Damage dmg = XDamageCreate(d, w, XDamageReportBoundingBox);
	XFlush(d);
	return dmg;
}

// tw_rearm empties a damage region so the next change is reported.
static void tw_rearm(Display *d, Damage dmg) { XDamageSubtract(d, dmg, None, None); XFlush(d); }

static int tw_size(Display *d, Window w, int *width, int *height) {
	XWindowAttributes a;
	if (!XGetWindowAttributes(d, w, &a) || a.map_state != IsViewable) return 0;
	*width = a.width; *height = a.height;
	return 1;
}

// tw_colours counts the distinct colours of every second pixel of the
// window, stopping at limit: 1 is a blank (cleared) window.
static int tw_colours(Display *d, Window w, int width, int height, int limit) {
	XImage *img = XGetImage(d, w, 0, 0, width, height, AllPlanes, ZPixmap);
	if (!img) return -1;
	unsigned long seen[256];
	int n = 0;
	if (limit > 256) limit = 256;
	for (int y = 0; y < height && n < limit; y += 2) {
		for (int x = 0; x < width && n < limit; x += 2) {
			unsigned long px = XGetPixel(img, x, y);
			int i = 0;
			while (i < n && seen[i] != px) i++;
			if (i == n) seen[n++] = px;
		}
	}
	XDestroyImage(img);
	return n;
}

// tw_blank maps a window that is only ever cleared to one colour and never
// drawn: what the harness must not take for a first frame.
static int tw_blank(const char *name, int width, int height) {
	Display *d = XOpenDisplay(name);
	if (!d) return 0;
	Window w = XCreateSimpleWindow(d, DefaultRootWindow(d), 0, 0, width, height, 0, 0, 0x336699);
	XMapWindow(d, w);
	XClearWindow(d, w);
	XSync(d, False);
	return 1;
}

// tw_grab copies the window's pixels as 0xRRGGBB into buf (width*height).
static int tw_grab(Display *d, Window w, int width, int height, uint32_t *buf) {
	XImage *img = XGetImage(d, w, 0, 0, width, height, AllPlanes, ZPixmap);
	if (!img) return 0;
	for (int y = 0; y < height; y++)
		for (int x = 0; x < width; x++)
			buf[y * width + x] = (uint32_t)XGetPixel(img, x, y);
	XDestroyImage(img);
	return 1;
}
*/
import "C"

import (
	"errors"
	"image"
	"image/color"
	"runtime"
	"time"
	"unsafe"
)

// xwindow and xdamage name X resources outside this file.
type (
	xwindow = C.Window
	xdamage = C.Damage
)

// xconn is the harness's own connection to the display under test.
type xconn struct {
	d          *C.Display
	damageBase C.int
	root       C.Window
}

type evKind int

const (
	evNone    evKind = C.TW_NONE
	evCreate  evKind = C.TW_CREATE
	evMap     evKind = C.TW_MAP
	evDamage  evKind = C.TW_DAMAGE
	evDestroy evKind = C.TW_DESTROY
)

type xevent struct {
	kind          evKind
	window        C.Window
	parent        C.Window
	width, height int
	damage        C.Damage
	at            time.Time
}

func openX(display string) (*xconn, error) {
	runtime.LockOSThread() // Xlib is used from this goroutine only
	name := C.CString(display)
	defer C.free(unsafe.Pointer(name))
	x := &xconn{}
	x.d = C.tw_open(name, &x.damageBase)
	if x.d == nil {
		return nil, errors.New("cannot open display " + display + " with the DAMAGE extension")
	}
	x.root = C.XDefaultRootWindow(x.d)
	return x, nil
}

func (x *xconn) close() { C.XCloseDisplay(x.d) }

// next returns the next event, or one of kind evNone after timeout.
func (x *xconn) next(timeout time.Duration) xevent {
	var e C.tw_event
	if C.tw_next(x.d, x.damageBase, C.int(timeout.Milliseconds()), &e) == 0 {
		return xevent{kind: evNone, at: time.Now()}
	}
	return xevent{kind: evKind(e.kind), window: e.window, parent: e.parent, width: int(e.width),
		height: int(e.height), damage: e.damage, at: time.Now()}
}

// drain discards what is queued, so a run sees only its own program's events.
func (x *xconn) drain() {
	for x.next(0).kind != evNone {
	}
}

func (x *xconn) watch(w C.Window) C.Damage { return C.tw_watch(x.d, w) }
func (x *xconn) rearm(d C.Damage)          { C.tw_rearm(x.d, d) }

// size is the window's size when it is viewable.
func (x *xconn) size(w C.Window) (int, int, bool) {
	var width, height C.int
	if C.tw_size(x.d, w, &width, &height) == 0 {
		return 0, 0, false
	}
	return int(width), int(height), true
}

func (x *xconn) colours(w C.Window, width, height, limit int) int {
	return int(C.tw_colours(x.d, w, C.int(width), C.int(height), C.int(limit)))
}

// showBlankWindow maps a window of one colour on display and keeps the
// connection open, for the harness's own tests.
func showBlankWindow(display string, width, height int) error {
	name := C.CString(display)
	defer C.free(unsafe.Pointer(name))
	if C.tw_blank(name, C.int(width), C.int(height)) == 0 {
		return errors.New("cannot open display " + display)
	}
	return nil
}

func (x *xconn) grab(w C.Window, width, height int) (image.Image, bool) {
	buf := make([]uint32, width*height)
	if C.tw_grab(x.d, w, C.int(width), C.int(height), (*C.uint32_t)(unsafe.Pointer(&buf[0]))) == 0 {
		return nil, false
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for i, px := range buf {
		img.Set(i%width, i/width, color.RGBA{uint8(px >> 16), uint8(px >> 8), uint8(px), 255})
	}
	return img, true
}
