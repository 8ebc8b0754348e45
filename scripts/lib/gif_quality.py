#!/usr/bin/env python3
"""gif_quality.py GIF SRC_DIR FPS [--json] (for scripts/bench)
Quality of a GIF as an independent decoder shows it: Pillow decodes and composes every frame
(GIF disposal and transparency rules; composited onto white where transparent), each source
frame i is matched with the GIF frame on screen at t = i/FPS (cumulative GIF delays, so an
encoder that merges identical frames is judged fairly), and compared on RGB (8 bit):
  SSIM: skimage.metrics.structural_similarity(channel_axis=2, data_range=255), the mean over
        the three channels (7x7 uniform window, skimage's defaults), then over frames;
  PSNR: 10*log10(255^2 / MSE) with the MSE over all pixels and channels of a frame, mean over frames.
Also the luma SSIM (BT.601 Y) for reference. Source frames larger than the GIF are resized
(Lanczos) to the GIF's size first."""
import glob, json, sys
import numpy as np
from PIL import Image
from skimage.metrics import structural_similarity

gif, src, fps = sys.argv[1], sys.argv[2], float(sys.argv[3])
files = sorted(glob.glob(src + "/*.png") + glob.glob(src + "/*.jpg"))
im = Image.open(gif)
frames, ends, t = [], [], 0.0
for i in range(im.n_frames):
    im.seek(i)
    rgba = im.convert("RGBA")
    bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255)); bg.alpha_composite(rgba)
    frames.append(np.asarray(bg.convert("RGB")))
    t += im.info.get("duration", 0) / 1000.0
    ends.append(t)
ss, ssy, ps = [], [], []
k = 0
for i, f in enumerate(files):
    when = (i + 0.5) / fps
    while k < len(ends) - 1 and ends[k] <= when + 1e-9:
        k += 1
    s = Image.open(f).convert("RGBA")
    b = Image.new("RGBA", s.size, (255, 255, 255, 255)); b.alpha_composite(s); s = b.convert("RGB")
    if s.size != im.size:
        s = s.resize(im.size, Image.LANCZOS)
    a, g = np.asarray(s), frames[k]
    ss.append(structural_similarity(a, g, channel_axis=2, data_range=255))
    ya = a @ [0.299, 0.587, 0.114]; yg = g @ [0.299, 0.587, 0.114]
    ssy.append(structural_similarity(ya, yg, data_range=255))
    mse = np.mean((a.astype(float) - g.astype(float)) ** 2)
    ps.append(99.0 if mse == 0 else 10 * np.log10(255 ** 2 / mse))
res = dict(frames_in_gif=im.n_frames, ssim=float(np.mean(ss)), ssim_y=float(np.mean(ssy)), psnr=float(np.mean(ps)),
           psnr_min=float(np.min(ps)))
print(json.dumps(res) if "--json" in sys.argv else res)
