#pragma once
// The one way work from other threads (sync, timers) reaches the UI thread: post() queues a task
// and wakes the event loop with an SDL user event; the loop runs drain() and redraws.
#include <SDL.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace app {

class UiQueue {
 public:
  UiQueue() : event_type_(SDL_RegisterEvents(1)) {}
  void post(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    posted_.notify_one();
    SDL_Event e{};
    e.type = event_type_;
    SDL_PushEvent(&e);
  }
  // Runs every queued task on the calling (UI) thread; returns how many ran.
  int drain() {
    std::deque<std::function<void()>> now;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      now.swap(tasks_);
    }
    for (auto& t : now) t();
    return static_cast<int>(now.size());
  }
  Uint32 event_type() const { return event_type_; }
  // Sleeps until a task is posted or the timeout passes. For video drivers whose SDL_WaitEventTimeout
  // would poll every millisecond (offscreen, dummy): they have no input of their own to wait for.
  void wait(int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    posted_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return !tasks_.empty(); });
  }

 private:
  Uint32 event_type_;
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  std::condition_variable posted_;
};

}  // namespace app
