//go:build linux && !android

package main

import (
	"sync"

	"fyne.io/fyne/v2"
	"github.com/godbus/dbus/v5"

	"github.com/twoway-app/twoway/ui"
)

// The Desktop Notifications Specification's service. Fyne's
// SendNotification calls Notify with no actions and never listens for
// ActionInvoked, so a reminder could not carry "Join call"; no maintained
// module wraps the two calls and one signal, so they are written here on
// godbus (which Fyne already uses for the same service).
const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = "/org/freedesktop/Notifications"
	notifyIface = "org.freedesktop.Notifications"
)

// desktopNotifier sends Notices with their buttons and runs the one the
// user presses. Notifications the user closed are forgotten.
type desktopNotifier struct {
	conn *dbus.Conn
	obj  dbus.BusObject

	mu      sync.Mutex
	actions map[uint32][]ui.NoticeAction
}

// newNotifier returns how the GUI shows a Notice: over the session bus
// with its buttons when the notification server shows buttons, else through
// fallback (Fyne's notification, no buttons). The bus is met on the first
// notice, off the UI goroutine, so a slow or absent server never delays the
// window.
func newNotifier(fallback func(ui.Notice)) func(ui.Notice) {
	var once sync.Once
	var n *desktopNotifier
	return func(notice ui.Notice) {
		go func() {
			once.Do(func() { n = connectNotifier() })
			if n == nil {
				fyne.Do(func() { fallback(notice) })
				return
			}
			n.send(notice)
		}()
	}
}

// connectNotifier connects to the session bus; nil when there is no bus or
// the server cannot show actions.
func connectNotifier() *desktopNotifier {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil
	}
	n := &desktopNotifier{conn: conn, obj: conn.Object(notifyName, notifyPath), actions: map[uint32][]ui.NoticeAction{}}
	var caps []string
	if err := n.obj.Call(notifyIface+".GetCapabilities", 0).Store(&caps); err != nil || !contains(caps, "actions") {
		conn.Close()
		return nil
	}
	if err := conn.AddMatchSignal(dbus.WithMatchInterface(notifyIface), dbus.WithMatchObjectPath(notifyPath)); err != nil {
		conn.Close()
		return nil
	}
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	go n.listen(signals)
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// send shows one notice. The first action is also the "default" one, the
// one a click on the notification runs.
func (n *desktopNotifier) send(notice ui.Notice) {
	var keys []string
	for i, a := range notice.Actions {
		key := "default"
		if i > 0 {
			key = "action" + string(rune('0'+i))
		}
		keys = append(keys, key, a.Label)
	}
	hints := map[string]dbus.Variant{"desktop-entry": dbus.MakeVariant(appID)}
	var id uint32
	// Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
	err := n.obj.Call(notifyIface+".Notify", 0, "Twoway", uint32(0), appID, notice.Title, notice.Body,
		keys, hints, int32(-1)).Store(&id)
	if err != nil {
		fyne.LogError("desktop notification", err)
		return
	}
	n.mu.Lock()
	n.actions[id] = notice.Actions
	n.mu.Unlock()
}

// listen runs the actions the user invokes, on the UI goroutine.
func (n *desktopNotifier) listen(signals <-chan *dbus.Signal) {
	for sig := range signals {
		if len(sig.Body) < 2 {
			continue
		}
		id, ok := sig.Body[0].(uint32)
		if !ok {
			continue
		}
		switch sig.Name {
		case notifyIface + ".ActionInvoked":
			key, _ := sig.Body[1].(string)
			n.mu.Lock()
			acts := n.actions[id]
			n.mu.Unlock()
			if i := actionIndex(key); i >= 0 && i < len(acts) && acts[i].Run != nil {
				fyne.Do(acts[i].Run)
			}
		case notifyIface + ".NotificationClosed":
			n.mu.Lock()
			delete(n.actions, id)
			n.mu.Unlock()
		}
	}
}

// actionIndex is the position of the action a key names in send.
func actionIndex(key string) int {
	if key == "default" {
		return 0
	}
	if len(key) == len("action0") && key[:6] == "action" {
		return int(key[6] - '0')
	}
	return -1
}
